import net from 'node:net';
import { Aedes } from 'aedes';

/** An MQTT 3.1.1 broker (aedes) in this process, for the plug and (in the fallback) the sensor. */
export class LiveBroker {
  private broker: Aedes | null = null;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly opts: { host: string; port: number }) {}

  /** `mqtt://host:port` once started. */
  get url(): string {
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `mqtt://${host}:${this.port}`;
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker();
    this.broker = broker;
    const server = net.createServer(broker.handle);
    this.server = server;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.opts.port, this.opts.host, () => resolve());
      });
    } catch (err) {
      await this.stop();
      throw new Error(`MQTT broker cannot listen on ${this.opts.host}:${this.opts.port}: ${(err as Error).message}`);
    }
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    const { server, broker } = this;
    this.server = this.broker = null;
    for (const s of this.sockets) s.destroy();
    if (server?.listening) await new Promise<void>((r) => server.close(() => r()));
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
  }
}

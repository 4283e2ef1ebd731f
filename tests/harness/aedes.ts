import net from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';

/** An aedes broker in this process on a free loopback port. */
export interface AedesServer {
  url: string;
  port: number;
  broker: Aedes;
  close: () => Promise<void>;
}

export async function startAedes(options: AedesOptions = {}): Promise<AedesServer> {
  const broker = await Aedes.createBroker(options);
  const server = net.createServer(broker.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as net.AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${addr.port}`,
    port: addr.port,
    broker,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

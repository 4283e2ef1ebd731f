import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

/** Where the embedded broker listens, and its TLS files (PEM paths) when it speaks MQTT over TLS. */
export interface BrokerListenerOptions {
  /** The input id, named in errors. */
  id: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls?: { cert: string; key: string; ca?: string | undefined } | undefined;
}

function readPem(id: string, what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`input ${id} (mqtt-broker) tls.${what}: cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * The broker's transport: a TCP or TLS (node:tls) server handing each connection to aedes.
 * It remembers open sockets so that stop() does not wait for devices to hang up.
 */
export class BrokerListener {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly opts: BrokerListenerOptions,
    /** A TLS handshake failed (wrong CA, plain MQTT on the TLS port, no client certificate …). */
    private readonly onTlsError: (err: Error) => void,
  ) {}

  /** The address actually bound. */
  address(): net.AddressInfo | null {
    return (this.server?.address() as net.AddressInfo | null) ?? null;
  }

  /** Reads the TLS files (throws naming the file) and listens. */
  async listen(handle: (socket: net.Socket) => void): Promise<void> {
    const t = this.opts.tls;
    const server = t
      ? tls.createServer(
          {
            cert: readPem(this.opts.id, 'cert', t.cert),
            key: readPem(this.opts.id, 'key', t.key),
            // With a CA, devices must present a certificate it signed (mutual TLS).
            ...(t.ca ? { ca: readPem(this.opts.id, 'ca', t.ca), requestCert: true, rejectUnauthorized: true } : {}),
            minVersion: 'TLSv1.2',
          },
          handle,
        )
      : net.createServer(handle);
    server.on('connection', (s: net.Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    if (t) server.on('tlsClientError', (err: Error) => this.onTlsError(err));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Called for server errors after listening started. */
  onError(cb: (err: Error) => void): void {
    this.server?.on('error', cb);
  }
}

import net from 'node:net';

/** A raw TCP client for what fetch cannot do: lie about Content-Length, stall, drip bytes. */
export interface RawClient {
  socket: net.Socket;
  /** Everything received so far, as text. */
  received: () => string;
  /** Resolves when the server has closed the connection (or it errored), with ms since connect. */
  closed: Promise<number>;
  /** Resolves once the received text matches, or rejects after `deadlineMs`. */
  waitFor: (re: RegExp, deadlineMs: number) => Promise<string>;
  write: (data: string | Buffer) => void;
  destroy: () => void;
}

export async function rawConnect(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const t0 = Date.now();
  let text = '';
  const waiters = new Set<() => void>();
  socket.on('data', (d) => {
    text += d.toString('latin1');
    for (const w of waiters) w();
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - t0)));
  return {
    socket,
    received: () => text,
    closed,
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    destroy: () => socket.destroy(),
    waitFor: (re, deadlineMs) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (!re.test(text)) return;
          cleanup();
          resolve(text);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${re} within ${deadlineMs} ms; received: ${JSON.stringify(text.slice(0, 300))}`));
        }, deadlineMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Request head lines joined for the wire. */
export const head = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

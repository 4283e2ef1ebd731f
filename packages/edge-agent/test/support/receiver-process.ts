import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./receiver-main.ts', import.meta.url));

/** A TestReceiver in its own process, so it does not share a CPU thread with what it measures. */
export interface ReceiverProcess {
  url: string;
  pid: number;
  /** Readings acknowledged so far. */
  count(): Promise<number>;
  /** Heartbeats answered so far. */
  heartbeats(): Promise<number>;
  /** Ingest requests (batches) answered so far, whatever the answer. */
  batches(): Promise<number>;
  stop(): Promise<void>;
}

export async function startReceiverProcess(opts: { validate?: boolean } = {}): Promise<ReceiverProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, ...(opts.validate ? ['--validate'] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`receiver exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    count: async () => ((await (await fetch(`${url}/count`)).json()) as { stored: number }).stored,
    heartbeats: async () => ((await (await fetch(`${url}/count`)).json()) as { heartbeats: number }).heartbeats,
    batches: async () => ((await (await fetch(`${url}/count`)).json()) as { batches: number }).batches,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

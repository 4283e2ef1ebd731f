import path from 'node:path';
import { z } from 'zod';

/** File name of the control socket inside the agent's data folder. */
export const CONTROL_SOCKET_FILE = 'agent.sock';

/** Longest socket path Linux takes (sun_path is 108 bytes with the NUL), with a margin for macOS (104). */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * `<dataDir>/agent.sock`, or undefined when that path is too long for a Unix socket: Node then
 * silently binds a truncated path elsewhere, so the agent runs without the socket instead.
 */
export function controlSocketPath(dataDir: string): string | undefined {
  const p = path.join(path.resolve(dataDir), CONTROL_SOCKET_FILE);
  return Buffer.byteLength(p) <= MAX_SOCKET_PATH_BYTES ? p : undefined;
}

/** Requests a local command sends to the running agent, one JSON line each. */
export const ControlRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('dead-letters.list'), limit: z.number().int().min(1).max(100_000) }),
  z.strictObject({
    op: z.literal('dead-letters.resend'),
    seqs: z.array(z.number().int().min(1)).max(1_000_000).optional(),
    code: z.string().min(1).max(100).optional(),
  }),
]);
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

/** A dead letter as the commands show it. */
export interface DeadLetterView {
  seq: number;
  /** Capture time, UTC ms. */
  ts: number;
  /** When it was parked, UTC ms. */
  at: number;
  code: string;
  message: string;
  source: string | null;
  kind: string | null;
}

/** The agent's answer, one JSON line. */
export type ControlAnswer =
  | { ok: true; total: number; deadLetters: DeadLetterView[] }
  | { ok: true; moved: number }
  | { ok: false; error: string };

/** Longest request line accepted, bytes. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

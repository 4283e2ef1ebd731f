import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AgentConfig } from '../config/index.js';
import { listDeadLettersInFile, resendDeadLettersInFile } from '../spool/index.js';
import { viewOf } from './dead-letter-ops.js';
import { type ControlAnswer, type ControlRequest, controlSocketPath } from './protocol.js';

/** The running agent holds the spool but does not answer on its control socket. */
export class AgentBusyError extends Error {
  readonly code = 'GB_AGENT_NOT_ANSWERING';
  readonly retryable = true;
  constructor(pid: number, socketPath: string | undefined) {
    super(
      `the agent (pid ${pid}) is running but does not answer on ${socketPath ?? 'a control socket (its data folder path is too long for one)'}; stop it (e.g. systemctl stop gongbang-agent) and run this again / 에이전트(pid ${pid})가 실행 중이지만 응답하지 않습니다. 에이전트를 멈춘 뒤 다시 실행하세요`,
    );
    this.name = 'AgentBusyError';
  }
}

/**
 * Sends one request to the running agent's control socket; undefined when no agent listens
 * there (no socket file, or nobody accepts on it).
 */
export async function askAgent(
  socketPath: string,
  req: ControlRequest,
  timeoutMs = 10_000,
): Promise<ControlAnswer | undefined> {
  if (!existsSync(socketPath)) return undefined;
  return await new Promise<ControlAnswer | undefined>((resolve, reject) => {
    const socket = net.connect(socketPath);
    let text = '';
    let connected = false;
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`the agent did not answer on ${socketPath} within ${timeoutMs} ms`));
    });
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(req)}\n`);
    });
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        reject(new Error(`the agent answered something unexpected on ${socketPath}`));
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ECONNREFUSED' || err.code === 'ENOENT')) resolve(undefined);
      else reject(err);
    });
  });
}

/** The pid of a running agent on this data folder, from `agent-status.json`, if that process lives and is one. */
export function runningAgentPid(dataDir: string): number | undefined {
  let pid: unknown;
  try {
    pid = JSON.parse(readFileSync(path.join(dataDir, 'agent-status.json'), 'utf8')).pid;
  } catch {
    return undefined;
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  // A killed agent leaves the file behind and its pid may be reused by something else.
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('gongbang-agent')) return undefined;
  } catch {}
  return pid;
}

/**
 * Runs a request through the running agent when there is one, else on the spool file itself
 * (the agent is stopped, so nothing else writes it). `via` says which.
 */
export async function controlRequest(
  config: Readonly<AgentConfig>,
  req: ControlRequest,
): Promise<{ answer: ControlAnswer; via: 'agent' | 'file' }> {
  const socketPath = controlSocketPath(config.agent.dataDir);
  const answer = socketPath ? await askAgent(socketPath, req) : undefined;
  if (answer) return { answer, via: 'agent' };
  const pid = runningAgentPid(config.agent.dataDir);
  if (pid !== undefined) throw new AgentBusyError(pid, socketPath);
  const file = config.spool.file ?? path.join(config.agent.dataDir, 'spool.db');
  if (!existsSync(file)) {
    const empty: ControlAnswer =
      req.op === 'dead-letters.list' ? { ok: true, total: 0, deadLetters: [] } : { ok: true, moved: 0 };
    return { answer: empty, via: 'file' };
  }
  try {
    if (req.op === 'dead-letters.list') {
      const found = listDeadLettersInFile(file, req.limit);
      return { answer: { ok: true, total: found.total, deadLetters: found.deadLetters.map(viewOf) }, via: 'file' };
    }
    const filter = { ...(req.seqs ? { seqs: req.seqs } : {}), ...(req.code ? { code: req.code } : {}) };
    return { answer: { ok: true, moved: resendDeadLettersInFile(file, filter) }, via: 'file' };
  } catch (err) {
    throw new Error(`spool file ${file}: ${(err as Error).message} / 스풀 파일을 읽을 수 없습니다`, { cause: err });
  }
}

import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAfterEach, type ManagedProcess, startPtyPair, tempDir, waitFor } from '@gongbang/harness';
import type { SerialPort as SerialPortType } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentStatusCli,
  fetchStatus,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';

const cleanups = cleanupAfterEach(afterEach);
const BIN = fileURLToPath(new URL('../../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));
const { SerialPort } = createRequire(fileURLToPath(new URL('../../packages/edge-agent/package.json', import.meta.url)))(
  'serialport',
) as { SerialPort: typeof SerialPortType };
/**
 * chmod 000 denies nothing to root: as root the agent runs as `nobody` (65534) to meet a real
 * EACCES; as any other user it runs as that user, for whom chmod 000 already denies.
 */
const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** The agent as a real process, unprivileged (harness.startProcess cannot switch users). */
function startUnprivilegedAgent(configFile: string): ManagedProcess {
  const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], {
    ...(IS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
    env: { ...process.env, HOME: '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function openPort(p: string): Promise<SerialPortType> {
  const port = new SerialPort({ path: p, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

describe('gongbang-agent status says why a serial port is not open', () => {
  it('port not present, permission denied, locked by another program — in Korean and English, CLI and page', async () => {
    const tmp = await tempDir('gb-port-reason-');
    cleanups.push(tmp.remove);
    chmodSync(tmp.dir, 0o755); // the unprivileged agent must reach the config and the pty links
    const data = path.join(tmp.dir, 'data');
    mkdirSync(data);
    if (IS_ROOT) chownSync(data, NOBODY, NOBODY);

    const denied = await startPtyPair({ dir: tmp.dir, name: 'denied' });
    cleanups.push(denied.close);
    chmodSync(denied.deviceTty, 0o000);
    const locked = await startPtyPair({ dir: tmp.dir, name: 'locked' });
    cleanups.push(locked.close);
    chmodSync(locked.deviceTty, 0o666);
    const holder = await openPort(locked.devicePath); // serialport takes an exclusive flock
    cleanups.push(() => new Promise<void>((r) => (holder.isOpen ? holder.close(() => r()) : r())));

    const scanner = (id: string, port: string) => ({
      id,
      type: 'serial-scanner',
      port,
      reconnect: { minMs: 100, maxMs: 500 },
    });
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', {
      agent: { id: 'e2e-agent', dataDir: data },
      inputs: [
        scanner('scan-missing', path.join(tmp.dir, 'not-plugged-in')),
        scanner('scan-denied', denied.devicePath),
        scanner('scan-locked', locked.devicePath),
      ],
    });
    chmodSync(cfg, 0o644);
    const agent = startUnprivilegedAgent(cfg);
    cleanups.push(() => agent.stop());
    await waitStarted(agent);
    const reasons = async () =>
      Object.fromEntries((await fetchStatus(agent)).inputs.map((i) => [i.id, [i.connected, i.reason]]));
    await waitFor('three reasons', async () => Object.values(await reasons()).every(([, r]) => r !== undefined), {
      timeoutMs: 30_000,
    });
    expect(await reasons()).toEqual({
      'scan-missing': [false, 'port_absent'],
      'scan-denied': [false, 'permission_denied'],
      'scan-locked': [false, 'port_locked'],
    });

    const ko = await agentStatusCli(cfg, ['--lang', 'ko']);
    expect(ko.output).toContain('scan-missing: 연결 안 됨 (⚠ 포트 없음');
    expect(ko.output).toContain('scan-denied: 연결 안 됨 (⚠ 권한 없음 — 에이전트 사용자를 dialout 그룹에 추가하세요)');
    expect(ko.output).toContain('scan-locked: 연결 안 됨 (⚠ 다른 프로그램이 포트를 사용 중 (잠김))');
    const en = await agentStatusCli(cfg, ['--lang', 'en']);
    expect(en.output).toContain('scan-missing: disconnected (⚠ port not present');
    expect(en.output).toContain(
      "scan-denied: disconnected (⚠ permission denied — add the agent's user to the dialout group)",
    );
    expect(en.output).toContain('scan-locked: disconnected (⚠ port locked — another program has it open)');

    const url = /"statusUrl":"([^"]+)"/.exec(agent.output())![1]!;
    const pageKo = await (await fetch(`${url}?lang=ko`)).text();
    expect(pageKo).toContain('<li class="warn">  scan-denied: 연결 안 됨 (⚠ 권한 없음');
    const pageEn = await (await fetch(`${url}?lang=en`)).text();
    expect(pageEn).toContain('<li class="warn">  scan-locked: disconnected (⚠ port locked');

    // The other program lets go: the agent opens the port and the reason disappears.
    await new Promise<void>((r) => holder.close(() => r()));
    await waitFor('the released port opened', async () => (await reasons())['scan-locked']?.[0] === true, {
      timeoutMs: 30_000,
    });
    expect((await reasons())['scan-locked']).toEqual([true, undefined]);
  });
});

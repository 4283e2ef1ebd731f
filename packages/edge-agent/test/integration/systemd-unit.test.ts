import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBinary, tempDir, waitFor } from '@gongbang/harness';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const UNIT = path.join(REPO, 'examples/systemd/gongbang-agent.service');

/** The [Service] settings of the unit (later keys win, as in systemd). */
function serviceSettings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) section = s[1]!;
    else if (section === 'Service') {
      const i = line.indexOf('=');
      out[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

describe('examples/systemd/gongbang-agent.service', () => {
  const unit = readFileSync(UNIT, 'utf8');
  const service = serviceSettings(unit);

  it('is a valid unit for systemd', async () => {
    const analyze = requireBinary('systemd-analyze', 'systemd');
    // verify checks that ExecStart's program is executable: the install path pointed at this checkout.
    const tmp = await tempDir('gb-systemd-verify-');
    try {
      const copy = path.join(tmp.dir, path.basename(UNIT));
      writeFileSync(copy, unit.replaceAll('/opt/gongbang/', REPO));
      // verify prints problems and exits non-zero on errors; warnings about this machine aside.
      execFileSync(analyze, ['verify', '--man=no', copy], { stdio: 'pipe' });
    } finally {
      await tmp.remove();
    }
  });

  it('restarts the agent after a crash and stops it with the signal it handles', () => {
    expect(service.Restart).toBe('always');
    expect(service.KillSignal).toBe('SIGTERM');
    expect(Number(service.TimeoutStopSec)).toBeGreaterThanOrEqual(10);
    expect(service.SupplementaryGroups).toContain('dialout');
  });

  it('runs the binary itself, which starts the agent with its memory settings and stops cleanly on KillSignal', async () => {
    // The unit's command with its install paths pointed at this checkout and a temp folder.
    const tmp = await tempDir('gb-systemd-');
    try {
      const argv = service
        .ExecStart!.split(/\s+/)
        .map((a) => a.replace('/opt/gongbang/', REPO).replace('/var/lib/gongbang', tmp.dir));
      const [bin, ...args] = argv;
      // One source of the memory settings: the binary's first line, not the unit.
      expect(bin).toMatch(/bin\/gongbang-agent\.js$/);
      expect(service.Environment).toBeUndefined();
      expect(readFileSync(bin!, 'utf8').split('\n', 1)[0]).toMatch(/^#!\/usr\/bin\/env -S MALLOC_ARENA_MAX=2 node /);
      const configFile = args[args.indexOf('--config') + 1]!;
      writeFileSync(
        configFile,
        stringify({
          agent: { id: 'systemd-test', dataDir: path.join(tmp.dir, 'data') },
          statusPage: { enabled: false },
          log: { level: 'info' },
          inputs: [{ id: 'sim-1', type: 'simulated', ratePerS: 20 }],
        }),
      );
      // env(1) finds node on PATH, as systemd's default PATH finds /usr/bin/node.
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
      delete env.MALLOC_ARENA_MAX;
      delete env.NODE_OPTIONS;
      const child = spawn(bin!, args, { cwd: tmp.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (b: Buffer) => (output += b));
      child.stderr.on('data', (b: Buffer) => (output += b));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await waitFor('the agent to start', () => existsSync(path.join(tmp.dir, 'data', 'agent-status.json')), {
        timeoutMs: 20_000,
      }).catch((err: Error) => {
        child.kill('SIGKILL');
        throw new Error(`${err.message}\n${output}`);
      });
      // env(1) execs node in its own place: the unit's main PID is the agent, with the settings.
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toEqual(
        expect.arrayContaining(['--max-semi-space-size=1', '--optimize-for-size', '--lite-mode', bin, 'run']),
      );
      expect(readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
      expect(output).toContain('memory settings of the binary in effect');
      expect(output).not.toContain('Warning');
      child.kill(service.KillSignal as NodeJS.Signals);
      const code = await Promise.race([
        exited,
        new Promise<string>((r) => setTimeout(() => r('timeout'), Number(service.TimeoutStopSec) * 1000)),
      ]);
      expect(code, output).toBe(0);
    } finally {
      await tmp.remove();
    }
  });
});

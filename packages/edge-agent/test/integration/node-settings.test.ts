import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, tempDir } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { binSettings } from '../../src/launch/index.js';
import { AGENT_BIN, logLines, sigterm, waitStarted, writeAgentConfig } from '../support/agent-process.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** What `npm ci` at the repository root links, as a global or local install links it. */
const NPM_BIN_LINK = path.join(REPO, 'node_modules/.bin/gongbang-agent');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The environment a user's shell gives: this node first on PATH, no memory settings of its own. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
  delete env.MALLOC_ARENA_MAX;
  delete env.NODE_OPTIONS;
  return env;
}

async function configIn(): Promise<string> {
  const tmp = await tempDir('gb-node-settings-');
  cleanups.push(tmp.remove);
  return writeAgentConfig(tmp.dir, 'agent.yaml', {
    statusPage: { enabled: false },
    inputs: [{ id: 'sim-1', type: 'simulated', ratePerS: 5 }],
  });
}

describe('the agent’s memory settings, however it is started', () => {
  it('are in effect when gongbang-agent run is started through npm’s bin link', async () => {
    const p = startProcess(NPM_BIN_LINK, ['run', '--config', await configIn()], { env: userEnv() });
    cleanups.push(() => sigterm(p));
    await waitStarted(p);
    const wanted = binSettings();
    // env(1) execs node in its own place: the process started is the agent.
    const argv = readFileSync(`/proc/${p.child.pid}/cmdline`, 'utf8').split('\0');
    expect(argv).toEqual(expect.arrayContaining([...wanted.nodeArgs, 'run']));
    expect(readFileSync(`/proc/${p.child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    const [line] = logLines(p, 'memory settings of the binary in effect');
    expect(line?.execArgv).toEqual(wanted.nodeArgs);
    expect(p.output()).not.toContain('without the memory settings');
    expect(await sigterm(p)).toBe(0);
  });

  it('are missing, and the log says which, when run as node bin/gongbang-agent.js', async () => {
    const p = startProcess(process.execPath, [AGENT_BIN, 'run', '--config', await configIn()], { env: userEnv() });
    cleanups.push(() => sigterm(p));
    await waitStarted(p);
    const [line] = logLines(p, 'started without the memory settings');
    expect(line?.level).toBe(40);
    expect(line?.missing).toEqual([...binSettings().nodeArgs, 'MALLOC_ARENA_MAX=2']);
    expect(await sigterm(p)).toBe(0);
  });
});

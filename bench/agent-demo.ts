// The all-in-one demo's two processes for benchmarks: the real collector on its embedded store
// and the demo agent (examples/demo-agent.yaml: three simulated devices at about one reading per
// second each, a heartbeat with a remote-config pull every 30 s), as `npm start` runs them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JS module of the demo script, no type declarations
import { writeDemoConfigs } from '../scripts/demo/configs.js';
import { freePort, type ManagedProcess, startProcess, waitFor } from '../tests/harness/util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AGENT_BIN = path.join(ROOT, 'packages/edge-agent/bin/gongbang-agent.js');
const COLLECTOR_BIN = path.join(ROOT, 'packages/collector/bin/gongbang-collector.js');

/** The demo's collector and agent, running. */
export interface DemoProcesses {
  agent: ManagedProcess;
  collector: ManagedProcess;
  /** The agent's status page (status.json has its process.memoryUsage()). */
  statusUrl: string;
  stop(): Promise<void>;
}

/** Starts the demo in `dataDir`; `agent` says how the agent's node is started (node options, environment). */
export async function startDemo(
  dataDir: string,
  agent: { nodeArgs: string[]; env: Record<string, string> } = { nodeArgs: [], env: {} },
): Promise<DemoProcesses> {
  const port = await freePort();
  const { agentConfig, collectorConfig, url } = writeDemoConfigs({ root: ROOT, dataDir, port, statusPort: 0 }) as {
    agentConfig: string;
    collectorConfig: string;
    url: string;
  };
  const collector = startProcess(process.execPath, [COLLECTOR_BIN, 'serve', '--config', collectorConfig]);
  let agentProc: ManagedProcess | undefined;
  try {
    await waitFor('collector /readyz', async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 60_000 });
    agentProc = startProcess(process.execPath, [...agent.nodeArgs, AGENT_BIN, 'run', '--config', agentConfig], {
      env: { ...process.env, NODE_OPTIONS: '', ...agent.env },
    });
    const stateFile = path.join(dataDir, 'demo-agent', 'agent-status.json');
    const pid = agentProc.child.pid;
    const statusUrl = await waitFor(
      'agent status page',
      () => {
        const s = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; statusUrl: string | null };
        return s.pid === pid ? s.statusUrl : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const a = agentProc;
    return {
      agent: a,
      collector,
      statusUrl,
      stop: async () => {
        await a.stop();
        await collector.stop();
      },
    };
  } catch (err) {
    await agentProc?.stop();
    await collector.stop();
    throw err;
  }
}

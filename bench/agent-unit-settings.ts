// The memory settings of the deployment, read from examples/systemd/gongbang-agent.service so
// the benchmark measures what the unit runs: the node options before the agent's script on
// ExecStart, and the Environment= lines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const UNIT = fileURLToPath(new URL('../examples/systemd/gongbang-agent.service', import.meta.url));

/** Node's command-line options and the environment the systemd unit gives the agent. */
export interface UnitSettings {
  nodeArgs: string[];
  env: Record<string, string>;
}

export function unitSettings(file = UNIT): UnitSettings {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim());
  const exec = lines.find((l) => l.startsWith('ExecStart='));
  if (!exec) throw new Error(`${file}: no ExecStart= line`);
  const argv = exec.slice('ExecStart='.length).split(/\s+/);
  const script = argv.findIndex((a) => a.endsWith('gongbang-agent.js'));
  if (script < 1) throw new Error(`${file}: ExecStart does not run gongbang-agent.js with node: ${exec}`);
  const env: Record<string, string> = {};
  for (const l of lines.filter((x) => x.startsWith('Environment='))) {
    for (const pair of l.slice('Environment='.length).split(/\s+/)) {
      const [k, ...v] = pair.replace(/^"|"$/g, '').split('=');
      if (k) env[k] = v.join('=');
    }
  }
  return { nodeArgs: argv.slice(1, script), env };
}

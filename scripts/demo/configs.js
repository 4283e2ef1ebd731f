// The demo's two config files, written into its data folder on every start from
// examples/demo-agent.yaml and the options, so `--port`, `--status-port` and `--data-dir`
// reach both processes and the example stays the one file people read.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The workshop the demo agent's readings are stored under, registered in the registry at start. */
export const DEMO_WORKSHOP = 'ws-demo';

/**
 * Writes `<dataDir>/demo-agent.yaml` (the example with the collector URL, data folder and status
 * page port of this run, and `inputs` — the live devices — in place of the example's, when
 * given) and `<dataDir>/demo-collector.yaml` (the embedded store and registry in
 * `<dataDir>/collector`, accepting the example's agent token for the demo workshop).
 * @returns {{ agentConfig: string, collectorConfig: string, agentId: string, url: string }}
 */
export function writeDemoConfigs({ root, dataDir, port, statusPort, inputs }) {
  const example = path.join(root, 'examples', 'demo-agent.yaml');
  const text = readFileSync(example, 'utf8');
  const agentId = field(text, example, 'agent.id', /^\s+id:\s*(\S+)/m);
  const agentToken = field(text, example, 'collector.token', /^\s+token:\s*(\S+)/m);
  const url = `http://127.0.0.1:${port}`;

  let agentYaml = `# Written by npm start (scripts/start.js) from examples/demo-agent.yaml; edit that file instead.\n${text}`;
  agentYaml = replace(
    agentYaml,
    example,
    'agent.dataDir',
    /^(\s+dataDir:\s*)\S+/m,
    JSON.stringify(path.join(dataDir, 'demo-agent')),
  );
  agentYaml = replace(agentYaml, example, 'collector.url', /^(\s+url:\s*)\S+/m, url);
  agentYaml = replace(agentYaml, example, 'statusPage.port', /^(\s+port:\s*)\d+/m, String(statusPort));
  if (inputs) {
    // The live virtual devices of this run (packages/simulator, startLiveDevices) replace the
    // example's simulated inputs: their ports and pseudo-terminals change at every start.
    const at = agentYaml.search(/^inputs:/m);
    if (at < 0) throw new Error(`${example}: inputs not found / inputs 항목이 없습니다`);
    agentYaml = `${agentYaml.slice(0, at)}# The live virtual devices of this run (scripts/start.js, startLiveDevices).\ninputs: ${JSON.stringify(inputs, null, 2)}\n`;
  }
  const agentConfig = path.join(dataDir, 'demo-agent.yaml');
  writeFileSync(agentConfig, agentYaml);

  const collectorConfig = path.join(dataDir, 'demo-collector.yaml');
  writeFileSync(
    collectorConfig,
    `# Written by npm start (scripts/start.js).
dataDir: ${JSON.stringify(path.join(dataDir, 'collector'))}
server: { host: 127.0.0.1, port: ${port} }
# The demo agent keeps the token of examples/demo-agent.yaml; real agents enroll with a one-time code.
agents:
  - { id: ${agentId}, workshop: ${DEMO_WORKSHOP}, token: ${JSON.stringify(agentToken)} }
log: { level: info }
`,
  );
  return { agentConfig, collectorConfig, agentId, url };
}

function field(text, file, name, re) {
  const m = re.exec(text);
  if (!m) throw new Error(`${file}: ${name} not found / ${name} 항목이 없습니다`);
  return m[1];
}

function replace(text, file, name, re, value) {
  field(text, file, name, re);
  return text.replace(re, (_all, head) => `${head}${value}`);
}

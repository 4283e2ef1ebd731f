// `npm start`: the all-in-one demo on the embedded store. It runs the collector
// (`gongbang-collector serve`, SQLite in ./data/collector) and one real edge agent
// (`gongbang-agent run --config examples/demo-agent.yaml`, simulated devices), prints how
// many readings are stored as they arrive, and stops both on Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.join(root, 'data');
const logs = path.join(data, 'logs');
mkdirSync(logs, { recursive: true });
const PORT = 8080; // examples/demo-agent.yaml sends to http://127.0.0.1:8080
const url = `http://127.0.0.1:${PORT}`;

// The demo agent's id and token come from its example config; the collector accepts exactly that one.
const agentConfig = path.join(root, 'examples', 'demo-agent.yaml');
const agentYaml = readFileSync(agentConfig, 'utf8');
const agentId = /^\s+id:\s*(\S+)/m.exec(agentYaml)?.[1] ?? 'demo-agent-1';
const agentToken = /^\s+token:\s*(\S+)/m.exec(agentYaml)?.[1] ?? 'demo-agent-token';
const collectorConfig = path.join(data, 'demo-collector.yaml');
writeFileSync(
  collectorConfig,
  `# Written by npm start (scripts/start.js).
dataDir: ${JSON.stringify(path.join(data, 'collector'))}
server: { host: 127.0.0.1, port: ${PORT} }
agents:
  - { id: ${agentId}, workshop: ws-demo, token: ${JSON.stringify(agentToken)} }
log: { level: info }
`,
);

const say = (ko, en) => console.log(`${ko} / ${en}`);
const children = [];
function start(name, bin, args) {
  const log = path.join(logs, `${name}.log`);
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const entry = { name, child, exited, log, stopping: false };
  children.push(entry);
  return entry;
}
const tail = (file) => readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');

let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('정지 중…', 'stopping…');
  for (const c of children) {
    c.stopping = true;
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGINT');
  }
  const force = setTimeout(() => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  }, 10_000);
  await Promise.all(children.map((c) => c.exited));
  clearTimeout(force);
  say('정지했습니다', 'stopped');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function ready() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return true;
    } catch {}
    if (collector.child.exitCode !== null) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function storedSoFar() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^gongbang_ingest_readings_total\{outcome="stored"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

console.log('Gongbang 0.1.0 — 공방 데모 / demo\n');
const collector = start('collector', path.join(root, 'packages/collector/bin/gongbang-collector.js'), [
  'serve',
  '--config',
  collectorConfig,
]);
if (!(await ready())) {
  say('수집 서버를 시작하지 못했습니다', `the collector did not start (port ${PORT} busy?)`);
  console.log(tail(collector.log));
  await stopAll(1);
}
say(
  `수집 서버: ${url} (내장 저장소 ${path.relative(root, data)}/collector/readings.db)`,
  `collector: ${url} (embedded store)`,
);
say(`API 문서: ${url}/docs`, `API docs: ${url}/docs`);

const agent = start('agent', path.join(root, 'packages/edge-agent/bin/gongbang-agent.js'), [
  'run',
  '--config',
  agentConfig,
]);
agent.exited.then(({ code, signal }) => {
  if (agent.stopping) return;
  say(`에이전트가 종료되었습니다 (${code ?? signal})`, `the agent exited (${code ?? signal})`);
  console.log(tail(agent.log));
  say(
    '에이전트는 아직 사용할 수 없습니다. 수집 서버만 실행 중입니다.',
    'The agent is not available yet; the collector keeps running alone.',
  );
});
collector.exited.then(({ code, signal }) => {
  if (collector.stopping) return;
  say(`수집 서버가 종료되었습니다 (${code ?? signal})`, `the collector exited (${code ?? signal})`);
  console.log(tail(collector.log));
  stopAll(1);
});
say(`에이전트 ${agentId}: 시뮬레이션 장치 (examples/demo-agent.yaml)`, `agent ${agentId}: simulated devices`);
say(`로그: ${path.relative(root, logs)}/`, `logs: ${path.relative(root, logs)}/`);
say('Ctrl-C로 둘 다 정지합니다.', 'Ctrl-C stops both.');
console.log('');

let last = -1;
const timer = setInterval(async () => {
  if (stopping) return clearInterval(timer);
  try {
    const n = await storedSoFar();
    if (n !== last) say(`이번 실행에서 저장된 측정값: ${n}개`, `readings stored since start: ${n}`);
    last = n;
  } catch {}
}, 2000);

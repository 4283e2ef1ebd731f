// `npm start`: the all-in-one demo on the embedded store. It starts live virtual devices on the
// agent's real interfaces (packages/simulator: a scanner and a sensor on pseudo-terminals when
// socat is installed, a Modbus TCP power meter, a Shelly plug over MQTT), runs the collector
// (`gongbang-collector serve`, SQLite in ./data/collector) and one real edge agent reading those
// devices, registers the demo workshop and one user per role, prints their logins and a `curl`
// line that reads the stored readings, backfills a small simulated programme once, then prints
// how many readings are stored as they arrive. Ctrl-C stops everything.
// Options: `npm start -- --help` (scripts/demo/options.js).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLiveDevices } from '@gongbang/simulator';
import { DEMO_WORKSHOP, writeDemoConfigs } from './demo/configs.js';
import { ensureDemoLogins } from './demo/logins.js';
import { parseDemoOptions } from './demo/options.js';
import { printLogins, printProgrammeUrls } from './demo/print.js';
import { ensureProgramme, setUpDemoWorkshop } from './demo/programme.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = parseDemoOptions(process.argv.slice(2), root);
const { dataDir, port } = options;
const logs = path.join(dataDir, 'logs');
mkdirSync(logs, { recursive: true });
const say = (ko, en) => console.log(`${ko} / ${en}`);
let live = null;
try {
  live = await startLiveDevices({ seed: 1, serial: options.liveSerial, lang: 'ko' });
} catch (err) {
  say(
    '가상 장치를 시작하지 못했습니다: 예제의 시뮬레이션 입력을 씁니다',
    'could not start the virtual devices: using the example’s simulated inputs',
  );
  console.error(err.message);
}
const { agentConfig, collectorConfig, agentId, url } = writeDemoConfigs({
  root,
  ...options,
  inputs: live?.agentInputs,
});
const shown = (p) => (path.relative(root, p).startsWith('..') ? p : path.relative(root, p));

const children = [];
const aborting = new AbortController();
/** The backfill of the simulated programme, once it runs (stopAll waits for it to wind down). */
let programme = null;
function start(name, bin, args, { asInstalled = false } = {}) {
  const log = path.join(logs, `${name}.log`);
  const out = createWriteStream(log, { flags: 'a' });
  // As installed: the binary itself, so that its first line's settings apply (the agent's memory
  // settings); `node` is looked up on PATH, this Node first. Windows has no such first line.
  const direct = asInstalled && process.platform !== 'win32';
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  const child = direct
    ? spawn(bin, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env })
    : spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const entry = { name, child, log, stopping: false, exited: exitOf(child) };
  children.push(entry);
  return entry;
}
/** Short-lived admin CLI processes: tracked so that Ctrl-C during setup leaves none behind. */
function track(child) {
  if (stopping) return child.kill('SIGINT'); // started while everything stops: it must not outlive the demo
  children.push({ name: 'admin', child, stopping: true, exited: exitOf(child) });
}
function exitOf(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
}
/**
 * The running agent's status page as it wrote it to agent-status.json (the system may have
 * picked the port; null when the port was busy and the agent runs without the page), else,
 * while the agent is still starting, the configured one.
 */
function statusPageUrl() {
  try {
    const state = JSON.parse(readFileSync(path.join(dataDir, 'demo-agent', 'agent-status.json'), 'utf8'));
    if (state.pid === agent.child.pid) return state.statusUrl ?? null;
  } catch {}
  return options.statusPort === 0 ? undefined : `http://127.0.0.1:${options.statusPort}/`;
}
const tail = (file) => readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');

let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('정지 중…', 'stopping…');
  const running = (c) => c.child.exitCode === null && c.child.signalCode === null;
  for (const c of children) {
    c.stopping = true;
    if (running(c)) c.child.kill('SIGINT');
  }
  aborting.abort();
  const force = setTimeout(() => {
    for (const c of children) if (running(c)) c.child.kill('SIGKILL');
  }, 10_000);
  await Promise.all(children.map((c) => c.exited));
  clearTimeout(force);
  await programme?.catch(() => {});
  await live?.stop().catch(() => {});
  say('정지했습니다', 'stopped');
  process.exit(code);
}
/** Stops everything and never returns (stopAll exits the process, also when Ctrl-C started it first). */
async function halt(code) {
  await stopAll(code);
  await new Promise(() => {});
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function ready() {
  for (let i = 0; i < 300; i++) {
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
collector.exited.then(({ code, signal }) => {
  if (collector.stopping) return;
  say(`수집 서버가 종료되었습니다 (${code ?? signal})`, `the collector exited (${code ?? signal})`);
  console.log(tail(collector.log));
  stopAll(1);
});
if (!(await ready())) {
  if (!stopping) {
    say('수집 서버를 시작하지 못했습니다', `the collector did not start (port ${port} busy? try --port)`);
    console.log(tail(collector.log));
  }
  await halt(1);
}
say(
  `수집 서버: ${url} (내장 저장소 ${shown(dataDir)}/collector)`,
  `collector: ${url} (embedded store in ${shown(dataDir)}/collector)`,
);
say(`API 문서: ${url}/docs`, `API docs: ${url}/docs`);

const agent = start(
  'agent',
  path.join(root, 'packages/edge-agent/bin/gongbang-agent.js'),
  ['run', '--config', agentConfig],
  {
    asInstalled: true,
  },
);
agent.exited.then(({ code, signal }) => {
  if (agent.stopping) return;
  say(`에이전트가 종료되었습니다 (${code ?? signal})`, `the agent exited (${code ?? signal})`);
  console.log(tail(agent.log));
  say('수집 서버만 실행 중입니다.', 'The collector keeps running alone.');
});
if (live) {
  say(
    `에이전트 ${agentId}: 작업장 ${DEMO_WORKSHOP}의 가상 장치`,
    `agent ${agentId}: the virtual devices of workshop ${DEMO_WORKSHOP}`,
  );
  const en = live.describe('en');
  for (const [i, line] of live.describe('ko').entries()) console.log(`  ${line}\n    ${en[i] ?? ''}`.trimEnd());
} else {
  say(
    `에이전트 ${agentId}: 시뮬레이션 장치, 작업장 ${DEMO_WORKSHOP} (examples/demo-agent.yaml)`,
    `agent ${agentId}: simulated devices, workshop ${DEMO_WORKSHOP}`,
  );
}

let logins;
try {
  logins = await ensureDemoLogins({ root, dataDir, collectorConfig, url, track });
} catch (err) {
  if (!stopping) {
    say('데모 사용자를 만들지 못했습니다', 'could not set up the demo users');
    console.error(err.message);
  }
  await halt(1);
}
if (stopping) await halt(0); // Ctrl-C during setup
printLogins({ ...logins, url, shown });
const adminToken = logins.logins.find((l) => l.role === 'admin')?.token;
try {
  await setUpDemoWorkshop({ url, adminToken });
} catch (err) {
  if (!stopping)
    say(
      '데모 작업장의 설비·근무 시간을 등록하지 못했습니다',
      'could not register the demo workshop’s machines and hours',
    );
  console.error(err.message);
}
const statusUrl = statusPageUrl();
if (statusUrl) say(`에이전트 상태 페이지: ${statusUrl}`, `agent status page: ${statusUrl}`);
if (statusUrl === null)
  say(
    '에이전트 상태 페이지를 열지 못했습니다 (포트 사용 중? --status-port 0)',
    'no agent status page (port busy? try --status-port 0)',
  );
say(`로그: ${shown(logs)}/`, `logs: ${shown(logs)}/`);
say('Ctrl-C로 모두 정지합니다.', 'Ctrl-C stops everything.');
console.log('');

// The programme fills in the background: the live demo runs meanwhile, and Ctrl-C stops both.
if (!stopping) {
  programme = ensureProgramme({
    url,
    adminToken,
    dataDir,
    workshops: options.workshops,
    months: options.months,
    signal: aborting.signal,
    shown,
  }).then(
    (done) => {
      if (done && !stopping) printProgrammeUrls({ url, logins: logins.logins });
    },
    (err) => {
      if (stopping) return;
      say('시뮬레이션 프로그램을 채우지 못했습니다', 'could not backfill the simulated programme');
      console.error(err.message);
    },
  );
}

let last = -1;
const timer = setInterval(async () => {
  if (stopping) return clearInterval(timer);
  try {
    const n = await storedSoFar();
    if (n !== last) say(`이번 실행에서 저장된 측정값: ${n}개`, `readings stored since start: ${n}`);
    last = n;
  } catch {}
}, 2000);

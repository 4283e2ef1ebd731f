// Options of `npm start` (scripts/start.js): `npm start -- --port 9090 --data-dir /tmp/demo`.
import path from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `npm start [-- options]   공방 데모 / Gongbang demo

  --port <n>         수집 서버 포트 / collector port (default 8080)
  --status-port <n>  에이전트 상태 페이지 포트, 0은 빈 포트 / agent status page port, 0 picks a free one (default 8787)
  --data-dir <dir>   데모 데이터 폴더 / folder of the demo's data (default ./data)
  --workshops <n>    한 번 채우는 시뮬레이션 작업장 수, 0은 없음 / simulated workshops backfilled once, 0 for none (default 12)
  --months <n>       그 작업장들의 개월 수 / months of their history (default 5)
  --live-serial <m>  가상 스캐너·센서: auto, socat, fallback / virtual scanner and sensor: auto (socat when installed), socat, fallback (default auto)
  -h, --help         이 도움말 / this help
`;

/**
 * Parses the demo's command line. Bad values end the process with a message that names the
 * option, in both languages, before anything starts.
 * @param {string[]} argv arguments after `node scripts/start.js`
 * @param {string} root the repository root (default data folder: `<root>/data`)
 * @returns {{ port: number, statusPort: number, dataDir: string, workshops: number, months: number, liveSerial: string }}
 */
export function parseDemoOptions(argv, root) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8080' },
        'status-port': { type: 'string', default: '8787' },
        'data-dir': { type: 'string', default: path.join(root, 'data') },
        workshops: { type: 'string', default: '12' },
        months: { type: 'string', default: '5' },
        'live-serial': { type: 'string', default: 'auto' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    fail(`옵션 오류 / bad option: ${err.message}\n\n${HELP}`);
  }
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  return {
    port: portOption('--port', values.port, 1),
    statusPort: portOption('--status-port', values['status-port'], 0),
    dataDir: path.resolve(values['data-dir']),
    workshops: intOption('--workshops', values.workshops, 0, 400),
    months: intOption('--months', values.months, 1, 24),
    liveSerial: oneOf('--live-serial', values['live-serial'], ['auto', 'socat', 'fallback']),
  };
}

function intOption(name, text, min, max) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`${name}: ${min}–${max} 사이의 정수여야 합니다 / expected an integer ${min}–${max}, got "${text}"`);
  return n;
}

function oneOf(name, text, allowed) {
  if (!allowed.includes(text))
    fail(`${name}: ${allowed.join(', ')} 중 하나 / expected one of ${allowed.join(', ')}, got "${text}"`);
  return text;
}

function portOption(name, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 65_535)
    fail(`${name}: ${min}–65535 사이의 정수여야 합니다 / expected an integer ${min}–65535, got "${text}"`);
  return n;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

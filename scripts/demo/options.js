// Options of `npm start` (scripts/start.js): `npm start -- --port 9090 --data-dir /tmp/demo`.
import path from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `npm start [-- options]   공방 데모 / Gongbang demo

  --port <n>         수집 서버 포트 / collector port (default 8080)
  --status-port <n>  에이전트 상태 페이지 포트, 0은 빈 포트 / agent status page port, 0 picks a free one (default 8787)
  --data-dir <dir>   데모 데이터 폴더 / folder of the demo's data (default ./data)
  -h, --help         이 도움말 / this help
`;

/**
 * Parses the demo's command line. Bad values end the process with a message that names the
 * option, in both languages, before anything starts.
 * @param {string[]} argv arguments after `node scripts/start.js`
 * @param {string} root the repository root (default data folder: `<root>/data`)
 * @returns {{ port: number, statusPort: number, dataDir: string }}
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
  };
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

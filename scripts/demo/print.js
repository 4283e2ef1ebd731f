// What `npm start` prints once the demo users exist: a login per role and one `curl` line that
// reads the stored readings with the owner's API token. tests/e2e/npm-start.test.ts runs the
// printed line as it is, so it must stay a line a person can paste.
import { DEMO_WORKSHOP } from './configs.js';

const ROLE_KO = { admin: '관리자', evaluator: '평가자', technician: '기술자', owner: '사장님' };

/**
 * @param {{ file: string, logins: Array<{ role: string, username: string, password: string, token: string }>,
 *   url: string, shown: (p: string) => string }} o
 */
export function printLogins({ file, logins, url, shown }) {
  const say = (ko, en) => console.log(`${ko} / ${en}`);
  console.log('');
  say(
    `데모 작업장 ${DEMO_WORKSHOP}: 역할마다 사용자 한 명 (로그인 정보: ${shown(file)}, 권한 0600)`,
    `demo workshop ${DEMO_WORKSHOP}: one user per role (logins kept in ${shown(file)}, mode 0600)`,
  );
  const rows = [
    ['역할 / role', '사용자 / user', '비밀번호 / password', 'API 토큰 / API token'],
    ...logins.map((l) => [`${ROLE_KO[l.role] ?? l.role} / ${l.role}`, l.username, l.password, l.token]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  for (const r of rows) console.log(`  ${r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ')}`.trimEnd());

  const owner = logins.find((l) => l.role === 'owner') ?? logins[0];
  console.log('');
  say(`저장된 측정값 보기 (${owner.username}의 토큰)`, `read the stored readings (${owner.username}'s token):`);
  console.log(
    `  curl -H 'Authorization: Bearer ${owner.token}' '${url}/api/v1/readings?workshop=${DEMO_WORKSHOP}&limit=5'`,
  );
  say(
    `비밀번호 로그인: POST ${url}/api/v1/auth/login, 모든 API: ${url}/docs`,
    `password sign-in: POST ${url}/api/v1/auth/login, every API: ${url}/docs`,
  );
  say(
    `대시보드: ${url}/ (역할마다 자기 화면: 위의 사용자로 로그인 — 사장님은 ${owner.username})`,
    `dashboard: ${url}/ (each role its own pages: sign in as a user above — the owner is ${owner.username})`,
  );
  console.log('');
}

/** Where to look at the simulated programme once it is in: the evaluator's views. */
export function printProgrammeUrls({ url, logins }) {
  const say = (ko, en) => console.log(`${ko} / ${en}`);
  const evaluator = logins.find((l) => l.role === 'evaluator') ?? logins[0];
  console.log('');
  say(`프로그램 KPI (${evaluator.username}의 토큰)`, `the programme's KPIs (${evaluator.username}'s token):`);
  console.log(`  curl -H 'Authorization: Bearer ${evaluator.token}' '${url}/api/v1/programme/kpis'`);
  say('0→1 단계의 효과 (이중차분, 신뢰구간)', 'what stage 0→1 changed (difference-in-differences, intervals):');
  console.log(
    `  curl -H 'Authorization: Bearer ${evaluator.token}' '${url}/api/v1/evaluation?transition=0-1&outcome=labour_productivity&bootstrap=199'`,
  );
  console.log('');
}

/** Columns line up in a terminal: Hangul takes two cells. */
function width(s) {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(ch) ? 2 : 1;
  return w;
}

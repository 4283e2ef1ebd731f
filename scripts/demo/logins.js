// The demo's way into the data: the demo workshop and one user per role in the registry, made
// with the collector's own admin CLI (what an operator types), and their logins kept in
// `<dataDir>/demo-logins.json` (mode 0600) so later starts print the same ones.
//
// Passwords are generated once and kept, not reset on every start: someone who signed in
// yesterday keeps working. A saved login is checked against the running collector at each
// start (the token on /api/v1/auth/me, the password on /api/v1/auth/login); only a login that
// no longer works (registry deleted, password changed, token revoked) is issued again.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_WORKSHOP } from './configs.js';

/** One user per role of packages/collector/src/core/access.ts (ROLES); technician and owner hold the demo workshop. */
export const DEMO_USERS = [
  { role: 'admin', username: 'demo-admin', workshopIds: [] },
  { role: 'evaluator', username: 'demo-evaluator', workshopIds: [] },
  { role: 'technician', username: 'demo-technician', workshopIds: [DEMO_WORKSHOP] },
  { role: 'owner', username: 'demo-owner', workshopIds: [DEMO_WORKSHOP] },
];

/**
 * Registers the demo workshop and users and returns a working login per role.
 * @param {object} o
 * @param {string} o.root repository root
 * @param {string} o.dataDir the demo's data folder
 * @param {string} o.collectorConfig demo-collector.yaml (the admin CLI uses its registry)
 * @param {string} o.url the running collector
 * @param {(child: import('node:child_process').ChildProcess) => void} o.track registers each admin process so Ctrl-C can stop it
 * @returns {Promise<{ file: string, logins: Array<{ role: string, username: string, password: string, token: string }> }>}
 */
export async function ensureDemoLogins({ root, dataDir, collectorConfig, url, track }) {
  const file = path.join(dataDir, 'demo-logins.json');
  const saved = readSaved(file);
  const since = saved?.since ?? new Date().toISOString().slice(0, 10);
  const bin = path.join(root, 'packages/collector/bin/gongbang-collector.js');
  const admin = (args, stdin) => run(bin, ['admin', '--config', collectorConfig, ...args], stdin, track);

  // An import creates or updates the workshop and creates missing users: safe on every start.
  const importFile = path.join(dataDir, 'demo-registry.json');
  writeFileSync(importFile, `${JSON.stringify(registryDocument(since), null, 2)}\n`);
  await admin(['import', importFile]);

  const logins = await Promise.all(
    DEMO_USERS.map(async (u) => {
      const old = saved?.logins?.find((l) => l.username === u.username);
      if (old && (await works(url, old))) return { role: u.role, ...old };
      const password = randomBytes(15).toString('base64url');
      await admin(['user', 'set-password', '--username', u.username, '--password-stdin'], password);
      const issued = JSON.parse(await admin(['user', 'api-token', '--username', u.username, '--name', 'npm-start']));
      return { role: u.role, username: u.username, password, token: issued.token };
    }),
  );
  writeFileSync(file, `${JSON.stringify({ since, logins }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // `mode` applies only when the file is created
  return { file, logins };
}

function registryDocument(since) {
  return {
    format: 'gongbang-registry',
    version: 1,
    workshops: [
      {
        id: DEMO_WORKSHOP,
        nameKo: '데모 공방',
        nameEn: 'Demo workshop',
        industry: 'other',
        cluster: null,
        headcount: 3,
        // Stage 1 (automated: sensors and barcodes), measured since the first `npm start`.
        stages: [{ stage: 1, startedOn: since, level: 'basic', measurementStartedOn: since }],
      },
    ],
    users: DEMO_USERS.map(({ username, role, workshopIds }) => ({ username, role, workshopIds })),
  };
}

function readSaved(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // unreadable: every login is issued again and the file rewritten
  }
}

/** True when the saved token and password both still sign in as that user. */
async function works(url, login) {
  if (typeof login.token !== 'string' || typeof login.password !== 'string') return false;
  const me = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${login.token}` } });
  if (!me.ok || (await me.json()).username !== login.username) return false;
  const signIn = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  });
  await signIn.arrayBuffer();
  return signIn.ok;
}

/** Runs the collector CLI; resolves its stdout, rejects with its stderr. */
function run(bin, args, stdin, track) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [bin, ...args], (err, stdout, stderr) => {
      if (err)
        reject(new Error(`gongbang-collector admin ${args.slice(3, 5).join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    track(child);
    child.stdin.end(stdin ?? '');
  });
}

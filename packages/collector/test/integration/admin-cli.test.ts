import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPgDatabase, type PgDatabase, tempDir } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../src/compose/registry.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/gongbang-collector.js', import.meta.url));

/** The built `gongbang-collector admin` (npm test builds first), as an operator runs it. */
async function admin(
  registry: string,
  args: string[],
  input?: string,
): Promise<{ stdout: string; stderr: string; code: number }> {
  const child = run(process.execPath, [BIN, 'admin', '--registry', registry, ...args]);
  if (input !== undefined) {
    child.child.stdin?.end(input);
  } else child.child.stdin?.end();
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('gongbang-collector admin', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let pg: PgDatabase;
  let file: string;
  beforeAll(async () => {
    dir = await tempDir('gongbang-admin-');
    pg = await createPgDatabase();
    file = `${dir.dir}/registry.db`;
  });
  afterAll(async () => {
    await pg?.close();
    await dir?.remove();
  });

  it('creates the first admin once, with a password from stdin that signs in', async () => {
    const first = await admin(
      file,
      ['create-admin', '--username', 'root', '--password-stdin'],
      'correct horse battery\n',
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('correct horse');
    const again = await admin(file, ['create-admin', '--username', 'root2']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/conflict/);
    const registry = new Registry({ location: { kind: 'sqlite', file } });
    await registry.start();
    try {
      expect(await registry.users.checkPassword('root', 'correct horse battery')).toBeTruthy();
    } finally {
      await registry.stop();
    }
  });

  it('creates workshops, users and enrollment codes, and says what was wrong', async () => {
    const w = await admin(file, [
      'workshop',
      'add',
      '--id',
      'ws-1',
      '--name-ko',
      '문래 금속',
      '--name-en',
      'Mullae Metal',
      '--industry',
      'machinery_metal',
      '--cluster',
      'Mullae',
      '--headcount',
      '7',
    ]);
    expect(w.code, w.stderr).toBe(0);
    const u = await admin(file, ['user', 'add', '--username', 'park', '--role', 'technician', '--workshop', 'ws-1']);
    expect(u.code, u.stderr).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({ username: 'park', role: 'technician', workshopIds: ['ws-1'] });
    expect(JSON.parse(u.stdout).password).toMatch(/^[\w-]{20}$/);
    const code = await admin(file, ['enrollment-code', '--workshop', 'ws-1', '--ttl-minutes', '15']);
    expect(JSON.parse(code.stdout)).toMatchObject({ workshopId: 'ws-1', agentId: 'ws-1-agent-1' });
    const bad = await admin(file, [
      'workshop',
      'add',
      '--id',
      'ws-2',
      '--name-ko',
      'x',
      '--name-en',
      'x',
      '--industry',
      'bakery',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/industry/);
  });

  it('finds the registry through collector.yaml (-c)', async () => {
    const yaml = `${dir.dir}/collector.yaml`;
    writeFileSync(yaml, `registry:\n  url: ${pg.url}\n`);
    const child = run(process.execPath, [BIN, 'admin', '-c', yaml, 'workshop', 'list']);
    child.child.stdin?.end();
    expect(JSON.parse((await child).stdout)).toEqual([]);
  });

  it('imports CSV tables and round-trips the registry as JSON from SQLite into PostgreSQL', async () => {
    const csv = `${dir.dir}/operations.csv`;
    writeFileSync(
      csv,
      'workshopId,productId,productName,operationId,operationName,pruS\nws-1,bolt-m8,볼트 M8,turn,선반,12.5\nws-1,bolt-m8,볼트 M8,thread,나사,4\n',
    );
    const imp = await admin(file, ['import', csv, '--table', 'operations']);
    expect(imp.code, imp.stderr).toBe(0);
    const stages = `${dir.dir}/stages.csv`;
    writeFileSync(
      stages,
      'workshopId,stage,startedOn,level,measurementStartedOn\nws-1,0,2025-01-01,ict_none,\nws-1,1,2025-09-01,basic,2025-08-15\n',
    );
    expect((await admin(file, ['import', stages, '--table', 'stages'])).code).toBe(0);
    const badCsv = `${dir.dir}/bad.csv`;
    writeFileSync(badCsv, 'workshopId,stage,startedOn,level,measurementStartedOn\nws-1,9,2025-01-01,basic,\n');
    const bad = await admin(file, ['import', badCsv, '--table', 'stages']);
    expect(bad.stderr).toMatch(/line 2/);

    const exported = `${dir.dir}/registry.json`;
    expect((await admin(file, ['export', '--out', exported])).code).toBe(0);
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    expect(JSON.stringify(doc)).not.toMatch(/scrypt|token_hash/);
    const into = await admin(pg.url, ['import', exported]);
    expect(into.code, into.stderr).toBe(0);
    const back = await admin(pg.url, ['export', '--format', 'csv', '--table', 'operations']);
    expect(back.stdout.trim().split('\n')).toEqual([
      'workshopId,productId,productName,operationId,operationName,pruS',
      'ws-1,bolt-m8,볼트 M8,thread,나사,4',
      'ws-1,bolt-m8,볼트 M8,turn,선반,12.5',
    ]);
    const pgDoc = JSON.parse((await admin(pg.url, ['export'])).stdout);
    expect(pgDoc.workshops).toEqual(doc.workshops);
    expect(pgDoc.users.map((u: { username: string }) => u.username).sort()).toEqual(['park', 'root']);
  });
});

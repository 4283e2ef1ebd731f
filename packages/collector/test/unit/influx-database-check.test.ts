import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxDatabaseCheck, InfluxDatabaseMissingError } from '../../src/store/influx/database-check.js';

// InfluxDB 2.x is not among the servers the suite runs; this stand-in answers the two requests
// the check makes the way 2.x does for a database without a DBRP mapping.
describe('the database check on an InfluxDB 2.x without the mapping', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('x-influxdb-version', 'v2.7.11');
      if (req.url === '/ping') return res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: [{ statement_id: 0, error: 'database not found: gongbang' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('names the bucket and the DBRP mapping to create, and does not try CREATE DATABASE', async () => {
    const check = new InfluxDatabaseCheck({
      url,
      api: 'v2',
      org: 'gongbang',
      bucket: 'readings',
      database: 'gongbang',
      token: 'tok',
      createDatabase: true,
    });
    const err = await check.ensure().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InfluxDatabaseMissingError);
    const { command, message } = err as InfluxDatabaseMissingError;
    expect(command).toBe(
      `influx bucket create --name 'readings' --org 'gongbang' && influx v1 dbrp create --db 'gongbang' --rp autogen --default --bucket-id "$(influx bucket list --name 'readings' --org 'gongbang' --hide-headers | cut -f1)"`,
    );
    expect(message).toMatch(/InfluxDB v2\.7\.11 at .* has no database "gongbang"/);
    expect(message).toMatch(/createDatabase works on InfluxDB 1\.x only/);
    expect(seen.some((s) => s.includes('Token tok'))).toBe(true);
    expect(seen).toHaveLength(2);
  });
});

describe('the database check when the credentials may not ask', () => {
  it.each([401, 403])(
    'counts a %i to SHOW RETENTION POLICIES as no answer, not as a missing database',
    async (status) => {
      const server = http.createServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'error authorizing query: writer not authorized to execute statement' }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const check = new InfluxDatabaseCheck({
          url,
          api: 'v1',
          database: 'gongbang',
          username: 'writer',
          password: 'pw',
        });
        expect(await check.ensure()).toBe('exists');
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
  );
});

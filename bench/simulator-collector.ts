// A collector for the simulator benchmark in a process of its own, as `gongbang-collector serve`
// builds it (buildApp, SQLite store and registry in `--dir`), with an admin token for the
// backfill. Prints one JSON line `{"url","token"}` when it listens; SIGTERM closes it.
// `--kpi off` keeps the KPI engine from computing (the ingest-alone runs).
import { parseArgs } from 'node:util';
import { buildApp } from '../packages/collector/src/app.js';
import { Registry } from '../packages/collector/src/compose/registry.js';
import { parseCollectorConfig } from '../packages/collector/src/config/index.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, kpi: { type: 'string', default: 'on' } } });
const dir = values.dir;
if (!dir) throw new Error('--dir is required');
const registry = new Registry({
  location: { kind: 'sqlite', file: `${dir}/registry.db` },
  scryptCost: { N: 1024, r: 8, p: 1 },
});
await registry.start();
const config = parseCollectorConfig({
  dataDir: dir,
  server: { port: 0 },
  log: { level: 'silent' },
  retentionDays: 36_500,
  // On: the engine's defaults, computing days while the backfill sends, as a deployed collector does.
  // Today's refresh off either way: the programme ends on a fixed past day.
  metrics: values.kpi === 'off' ? { intervalMs: 3_600_000, todayRefreshS: 86_400 } : { todayRefreshS: 86_400 },
});
const app = await buildApp({ config, registry, logger: false, processMetrics: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const admin = await registry.users.create({ username: 'bench-admin', password: 'bench-admin-password', role: 'admin' });
const token = (await registry.apiTokens.create(admin.id, 'bench')).token;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, token })}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await registry.stop();
    process.exit(0);
  })();
});

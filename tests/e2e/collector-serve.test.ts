import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupAfterEach, tempDir, waitExit } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { collectorUrl, startCollector, stopGracefully } from './collector-process.js';

const cleanups = cleanupAfterEach(afterEach);

describe('gongbang-collector serve', () => {
  it('runs without a config on the embedded store in ./data, bound to 127.0.0.1, and stops cleanly on SIGTERM', async () => {
    const tmp = await tempDir('gb-serve-');
    cleanups.push(tmp.remove);
    const p = startCollector(['--port', '0'], tmp.dir);
    cleanups.push(() => p.stop());
    const url = await collectorUrl(p);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(existsSync(path.join(tmp.dir, 'data', 'readings.db'))).toBe(true);
    expect(await stopGracefully(p)).toBe(0);
  });

  it('takes --data-dir, and refuses a bad config naming the file, the line and the path', async () => {
    const tmp = await tempDir('gb-serve-bad-');
    cleanups.push(tmp.remove);
    const ok = startCollector(['--port', '0', '--data-dir', 'elsewhere'], tmp.dir);
    cleanups.push(() => ok.stop());
    await collectorUrl(ok);
    expect(existsSync(path.join(tmp.dir, 'elsewhere', 'readings.db'))).toBe(true);
    expect(await stopGracefully(ok)).toBe(0);

    const file = path.join(tmp.dir, 'collector.yaml');
    writeFileSync(file, 'server:\n  port: 8080\n  hots: 0.0.0.0\n');
    const bad = startCollector(['--config', file], tmp.dir);
    cleanups.push(() => bad.stop());
    expect(await waitExit(bad, 'the collector with a bad config')).toBe(2);
    expect(bad.output()).toContain(`${file}:3:`);
    expect(bad.output()).toMatch(/:3:\d+ server\.hots: unknown key "hots"/);
  });
});

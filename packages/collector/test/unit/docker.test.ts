import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCollectorConfig } from '../../src/config/index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const docker = path.join(root, 'docker');

// No Docker engine runs here: check what can be checked without one.
describe('docker/', () => {
  it('the compose file parses and points at a Dockerfile, a config and a context that exist', () => {
    const compose = parse(readFileSync(path.join(docker, 'compose.yaml'), 'utf8'));
    const build = compose.services.collector.build;
    const context = path.resolve(docker, build.context);
    expect(context).toBe(path.resolve(root));
    expect(existsSync(path.join(context, build.dockerfile))).toBe(true);
    for (const v of compose.services.collector.volumes as string[]) {
      const src = v.split(':')[0]!;
      if (src.startsWith('./')) expect(existsSync(path.join(docker, src))).toBe(true);
    }
    expect(compose.services.influxdb.environment.DOCKER_INFLUXDB_INIT_BUCKET).toBe('gongbang');
  });

  it('the collector config of the compose setup loads', () => {
    const c = loadCollectorConfig(path.join(docker, 'collector.yaml'), { env: { GONGBANG_INFLUX_TOKEN: 't' } });
    expect(c.store).toMatchObject({ type: 'influxdb', api: 'v2', bucket: 'gongbang', token: 't' });
  });

  it('the Dockerfile copies files that exist and runs the collector binary', () => {
    const text = readFileSync(path.join(docker, 'Dockerfile.collector'), 'utf8');
    for (const m of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const src of m[1]!.split(/\s+/)) expect(existsSync(path.join(root, src))).toBe(true);
    }
    expect(text).toMatch(/packages\/collector\/bin\/gongbang-collector\.js", "serve"/);
    expect(text).toMatch(/^FROM node:20/m);
  });

  it('builds the collector from its own workspaces only, without the agent or a compiler', () => {
    const text = readFileSync(path.join(docker, 'Dockerfile.collector'), 'utf8');
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const workspaces: string[] = manifest('.').workspaces;
    // npm ci checks the lockfile against every workspace, so each package.json is there first.
    const beforeInstall = text.slice(0, text.indexOf('RUN npm ci'));
    for (const w of workspaces) expect(beforeInstall).toContain(`COPY ${w}/package.json ${w}/`);
    expect(text).toMatch(/^RUN npm ci --workspace @gongbang\/collector --include-workspace-root /m);
    // Sources copied = the collector and the workspaces it depends on, found from package.json.
    const byName = new Map(workspaces.map((w) => [manifest(w).name as string, w]));
    const needed = new Set<string>();
    const add = (w: string) => {
      if (needed.has(w)) return;
      needed.add(w);
      for (const dep of Object.keys(manifest(w).dependencies ?? {})) if (byName.has(dep)) add(byName.get(dep)!);
    };
    add('packages/collector');
    const copied = [...text.matchAll(/^COPY (packages\/[\w-]+) \1$/gm)].map((m) => m[1]);
    expect(new Set(copied)).toEqual(needed);
    expect(needed.has('packages/edge-agent')).toBe(false);
    const shipped = [...text.matchAll(/^COPY --from=build \/src\/(packages\/[\w-]+) \1$/gm)].map((m) => m[1]);
    expect(new Set(shipped)).toEqual(needed);
    // A compiler only on request (better-sqlite3's prebuilt binary covers linux x64/arm64).
    for (const line of text.split('\n').filter((l) => /apt-get install/.test(l))) expect(line).toMatch(/^\s+apt-get/);
    expect(text).toMatch(/if \[ "\$NATIVE_BUILD_TOOLS" = 1 \]; then/);
  });
});

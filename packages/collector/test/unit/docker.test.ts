import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { type Copy, DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadCollectorConfig } from '../../src/config/index.js';
import { DEFAULT_DASHBOARD_DIR } from '../../src/http/dashboard.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const docker = path.join(root, 'docker');
const read = (file: string) => readFileSync(path.join(docker, file), 'utf8');

// No Docker engine runs here: the files are parsed and validated with real parsers, not run.

/** The Compose Specification's JSON schema, as dclint ships it (its package exports no path to it). */
function composeSchema(): object {
  const pkg = createRequire(import.meta.url).resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(path.join(path.dirname(pkg), 'schemas', 'compose.schema.json'), 'utf8'));
  // It names draft-07 as "https://json-schema.org/draft-07/schema", a spelling Ajv does not know;
  // Ajv validates draft-07 by default, so the pointer is dropped.
  delete schema.$schema;
  return schema;
}

/** Every way `text` breaks YAML or the compose spec, as `path: message` lines; empty when valid. */
function composeProblems(text: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map((e) => `YAML: ${e.message}`);
  // The options dclint validates with: the schema uses union types and keywords Ajv's strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const check = ajv.compile(composeSchema());
  if (check(doc.toJS())) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

describe('docker/compose.yaml', () => {
  const text = read('compose.yaml');
  const compose = parseDocument(text).toJS() as ComposeFile;
  const collector = compose.services.collector!;

  it('is valid against the Compose Specification schema', () => {
    expect(composeProblems(text)).toEqual([]);
  });

  it('the schema check catches a misspelt key and a wrong type (so a pass means something)', () => {
    const typo = text.replace('condition: service_healthy', 'conditon: service_healthy');
    expect(composeProblems(typo).join('\n')).toMatch(/conditon|condition/);
    expect(composeProblems(text.replace('restart: unless-stopped', 'restart: [always]')).length).toBeGreaterThan(0);
    expect(composeProblems('services: [\n')).toEqual([expect.stringMatching(/^YAML: /)]);
  });

  it('builds the collector from the repository root with a Dockerfile that exists', () => {
    const context = path.resolve(docker, collector.build!.context);
    expect(context).toBe(path.resolve(root));
    expect(existsSync(path.join(context, collector.build!.dockerfile))).toBe(true);
  });

  it('mounts files that exist, names volumes it declares, and passes the mounted config', () => {
    const targets: string[] = [];
    for (const v of collector.volumes ?? []) {
      const [src, target] = v.split(':') as [string, string];
      targets.push(target);
      if (src.startsWith('.')) expect(existsSync(path.resolve(docker, src)), `bind mount ${src}`).toBe(true);
      else expect(Object.keys(compose.volumes ?? {})).toContain(src);
    }
    const config = collector.command![collector.command!.indexOf('--config') + 1]!;
    expect(targets).toContain(config);
  });

  it('waits for services that exist, and gives the collector the InfluxDB token', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(compose.services), name).toContain(dep);
    }
    expect(compose.services.influxdb!.environment!.DOCKER_INFLUXDB_INIT_BUCKET).toBe('gongbang');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, passed on verbatim
    expect(collector.environment!.GONGBANG_INFLUX_TOKEN).toBe('${GONGBANG_INFLUX_TOKEN}');
  });
});

describe('docker/collector.yaml', () => {
  it('loads as the collector config of the compose setup', () => {
    const c = loadCollectorConfig(path.join(docker, 'collector.yaml'), { env: { GONGBANG_INFLUX_TOKEN: 't' } });
    expect(c.store).toMatchObject({ type: 'influxdb', api: 'v2', bucket: 'gongbang', token: 't' });
  });
});

describe('docker/Dockerfile.collector', () => {
  const text = read('Dockerfile.collector');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const all = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword);
  const one = (keyword: string): Instruction => {
    const found = all(keyword);
    expect(found, keyword).toHaveLength(1);
    return found[0]!;
  };
  const jsonForm = (i: Instruction) => (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
  const flag = (i: Instruction, name: string) =>
    (i as Copy)
      .getFlags()
      .find((f) => f.getName() === name)
      ?.getValue();

  /** Each stage's name (the runtime stage has none) and its instructions, FROM included. */
  const stages = (() => {
    const out: { name: string | undefined; instructions: Instruction[] }[] = [];
    for (const i of instructions) {
      if (i.getKeyword() === 'FROM') {
        const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === i.getRange().start.line);
        out.push({ name: from?.getBuildStage() ?? undefined, instructions: [] });
      }
      out.at(-1)?.instructions.push(i);
    }
    return out;
  })();
  /** A stage's lines as written (continuations joined), for checks on their text. */
  const stageText = (name: string | undefined) =>
    stages
      .find((s) => s.name === name)!
      .instructions.map((i) => i.getTextContent())
      .join('\n');
  const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

  it('has no syntax problems (unknown instructions or flags, bad ports, malformed JSON forms)', () => {
    expect(validateDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('the syntax check catches a bad instruction and a bad flag (so a pass means something)', () => {
    const broken = `${text}\nCOPY --frm=build a b\nEXPOS 8080\n`;
    expect(validateDockerfile(broken).map((d) => d.message)).toEqual(
      expect.arrayContaining(['Unknown flag: frm', 'Unknown instruction: EXPOS']),
    );
  });

  it('builds on Node 20 in every stage', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(`${f.getImageName()}:${f.getImageTag()}`).toMatch(/^node:20(-|$)/);
  });

  it('copies files that exist in the build context, and stages that were built before', () => {
    const stages: string[] = [];
    for (const i of instructions) {
      const from =
        i.getKeyword() === 'FROM'
          ? dockerfile.getFROMs().find((f) => f.getRange().start.line === i.getRange().start.line)
          : undefined;
      const stage = from?.getBuildStage();
      if (stage) stages.push(stage);
      if (i.getKeyword() !== 'COPY') continue;
      const args = i.getArguments().map((a) => a.getValue());
      const sources = args.slice(0, -1);
      expect(sources.length, `COPY on line ${i.getRange().start.line + 1}`).toBeGreaterThan(0);
      const fromStage = flag(i, 'from');
      if (fromStage !== undefined) expect(stages).toContain(fromStage);
      else for (const src of sources) expect(existsSync(path.join(root, src)), `COPY source ${src}`).toBe(true);
    }
    expect(stages).toEqual(['dashboard', 'build']);
  });

  it('runs the collector binary as an unprivileged user, bound to all interfaces, with data in the volume', () => {
    expect(jsonForm(one('ENTRYPOINT'))).toEqual(['node', 'packages/collector/bin/gongbang-collector.js', 'serve']);
    expect(existsSync(path.join(root, 'packages/collector/bin/gongbang-collector.js'))).toBe(true);
    expect(jsonForm(one('CMD'))).toEqual(['--host', '0.0.0.0', '--port', '8080', '--data-dir', '/data']);
    expect(
      one('USER')
        .getArguments()
        .map((a) => a.getValue()),
    ).toEqual(['node']);
    expect(jsonForm(one('VOLUME'))).toEqual(['/data']);
    expect(
      one('EXPOSE')
        .getArguments()
        .map((a) => a.getValue()),
    ).toEqual(['8080']);
  });

  it('checks health on /readyz of the exposed port (a HEALTHCHECK continued over two lines)', () => {
    const hc = one('HEALTHCHECK');
    expect(flag(hc, 'interval')).toBe('30s');
    expect(flag(hc, 'start-period')).toBe('10s');
    const args = hc.getArguments().map((a) => a.getValue());
    expect(args.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(args.join(' ')).toContain('http://127.0.0.1:8080/readyz');
  });

  it('builds the collector from its own workspaces only, without the agent or a compiler', () => {
    const text = stageText('build');
    const runtime = stageText(undefined);
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
    const shipped = [...runtime.matchAll(/^COPY --from=build \/src\/(packages\/[\w-]+) \1$/gm)].map((m) => m[1]);
    expect(new Set(shipped)).toEqual(needed);
    // A compiler only on request (better-sqlite3's prebuilt binary covers linux x64/arm64).
    for (const line of text.split('\n').filter((l) => /apt-get install/.test(l))) expect(line).toMatch(/^\s+apt-get/);
    expect(text).toMatch(/if \[ "\$NATIVE_BUILD_TOOLS" = 1 \]; then/);
  });

  it('builds the dashboard in a stage of its own, from every package.json and the dashboard alone', () => {
    const text = stageText('dashboard');
    const workspaces: string[] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces;
    const beforeInstall = text.slice(0, text.indexOf('RUN npm ci'));
    for (const w of workspaces) expect(beforeInstall).toContain(`COPY ${w}/package.json ${w}/`);
    // No install script: better-sqlite3 (installed with the collector's workspace) is never built or loaded.
    expect(text).toMatch(/^RUN npm ci --workspace @gongbang\/dashboard --ignore-scripts /m);
    const copied = [...text.matchAll(/^COPY (packages\/[\w-]+) \1$/gm)].map((m) => m[1]);
    expect(copied).toEqual(['packages/dashboard']);
    // Vite, run where the dashboard's vite.config.ts is, from the path the install puts it at.
    const dashboard = stages.find((s) => s.name === 'dashboard')!.instructions;
    const workdirs = dashboard.filter((i) => i.getKeyword() === 'WORKDIR').map((i) => args(i).join(' '));
    expect(workdirs.at(-1)).toBe('/src/packages/dashboard');
    const build = dashboard.filter((i) => i.getKeyword() === 'RUN').at(-1)!;
    expect(args(build).slice(0, 3)).toEqual(['node', '/src/node_modules/vite/bin/vite.js', 'build']);
    expect(existsSync(path.join(root, 'node_modules/vite/bin/vite.js'))).toBe(true);
    expect(readFileSync(path.join(root, 'packages/dashboard/vite.config.ts'), 'utf8')).toMatch(/outDir: 'dist'/);
    // A dist/ left in the working copy never reaches the image: it is always built there. Nor
    // does the dashboard benchmark's cached programme (gigabytes) reach the build context.
    const ignored = read('Dockerfile.collector.dockerignore').split('\n');
    expect(ignored).toContain('**/dist');
    expect(ignored).toContain('bench/.cache');
  });

  it("ships the built dashboard where the collector looks for it, so the image's / serves it", () => {
    const runtime = stages.find((s) => s.name === undefined)!.instructions;
    const workdir = args(runtime.find((i) => i.getKeyword() === 'WORKDIR')!).join(' ');
    const fromDashboard = runtime.filter((i) => i.getKeyword() === 'COPY' && flag(i, 'from') === 'dashboard');
    expect(fromDashboard).toHaveLength(1);
    const [src, dest] = args(fromDashboard[0]!) as [string, string];
    expect(src).toBe('/src/packages/dashboard/dist');
    // The collector runs from <workdir>/packages/collector (ENTRYPOINT) and finds the dashboard at
    // DEFAULT_DASHBOARD_DIR, relative to its own package: the copy must land exactly there.
    expect(jsonForm(one('ENTRYPOINT'))[1]).toBe('packages/collector/bin/gongbang-collector.js');
    const collectorDir = path.join(root, 'packages/collector');
    const inImage = path.posix.join(workdir, 'packages/collector', path.relative(collectorDir, DEFAULT_DASHBOARD_DIR));
    expect(path.posix.join(workdir, dest)).toBe(inImage.replace(/\/$/, ''));
    // …after the collector's files, which would otherwise not replace it (a later COPY of the
    // whole packages/ would): nothing copied after it writes under packages/dashboard.
    const after = runtime.slice(runtime.indexOf(fromDashboard[0]!) + 1).filter((i) => i.getKeyword() === 'COPY');
    for (const c of after) expect(args(c).at(-1)).not.toMatch(/^packages\/dashboard|^packages\/?$|^\.\/?$/);
  });
});

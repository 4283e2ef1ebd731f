import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CSV_TABLES,
  type CsvTable,
  exportCsv,
  exportRegistry,
  generatePassword,
  importCsv,
  importRegistry,
  type Registry,
  readStdin,
  registryLocationFor,
  withRegistry,
} from '../compose/index.js';
import { ConfigError, loadCollectorConfig } from '../config/index.js';
import { HttpError } from '../core/index.js';

interface Where {
  config?: string;
  registry?: string;
  dataDir?: string;
}

/** `--registry` if given; else the registry of collector.yaml (`-c`, GONGBANG_REGISTRY_URL), else `<data-dir>/registry.db`. */
function locate(where: Where) {
  if (where.registry) return registryLocationFor({ registry: where.registry });
  const config = loadCollectorConfig(where.config, { overrides: { dataDir: where.dataDir } });
  return registryLocationFor({ registry: config.registry.url, dataDir: config.dataDir });
}

/** Runs an action on the registry named by the `admin` command's options; typed errors exit 1 with their message. */
function act<A extends unknown[]>(admin: Command, fn: (registry: Registry, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await withRegistry(locate(admin.opts<Where>()), (r) => fn(r, ...args));
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(err.message);
        process.exitCode = 2;
        return;
      }
      if (!(err instanceof HttpError)) throw err;
      console.error(`${err.code}: ${err.message}`);
      process.exitCode = 1;
    }
  };
}

const out = (v: unknown) => console.log(typeof v === 'string' ? v : JSON.stringify(v, null, 2));
const password = async (fromStdin: boolean) => (fromStdin ? await readStdin() : undefined);

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description('Administer users, workshops, enrollment codes / 사용자·작업장·등록 코드 관리')
    .option('-c, --config <file>', 'collector.yaml: use its registry / 수집 서버 설정의 레지스트리 사용')
    .option('--registry <file-or-url>', 'registry SQLite file or postgres:// URL / 레지스트리 위치')
    .option('--data-dir <dir>', 'data folder holding registry.db (default ./data) / 데이터 폴더');

  admin
    .command('create-admin')
    .description('Create the first admin (refused once one exists) / 첫 관리자 생성')
    .requiredOption('--username <name>')
    .option('--password-stdin', 'read the password from stdin (else one is generated and printed)')
    .action(
      act(admin, async (r, o: { username: string; passwordStdin?: boolean }) => {
        if ((await r.users.list()).some((u) => u.role === 'admin')) {
          throw new HttpError(
            'conflict',
            'an admin exists already: use "admin user add --role admin" / 관리자가 이미 있습니다',
          );
        }
        const pw = (await password(!!o.passwordStdin)) ?? generatePassword();
        const u = await r.users.create({ username: o.username, password: pw, role: 'admin' });
        out(o.passwordStdin ? { id: u.id, username: u.username } : { id: u.id, username: u.username, password: pw });
      }),
    );

  const user = admin.command('user').description('Users / 사용자');
  user
    .command('add')
    .requiredOption('--username <name>')
    .requiredOption('--role <role>', 'admin | evaluator | technician | owner')
    .option('--workshop <id...>', 'assigned (technician) or own (owner) workshop')
    .option('--password-stdin', 'read the password from stdin (else one is generated and printed)')
    .action(
      act(admin, async (r, o: { username: string; role: string; workshop?: string[]; passwordStdin?: boolean }) => {
        const pw = (await password(!!o.passwordStdin)) ?? generatePassword();
        const u = await r.users.create({
          username: o.username,
          role: o.role as never,
          workshopIds: o.workshop ?? [],
          password: pw,
        });
        out(o.passwordStdin ? u : { ...u, password: pw });
      }),
    );
  user.command('list').action(act(admin, async (r) => out(await r.users.list())));
  user
    .command('set-password')
    .requiredOption('--username <name>')
    .option('--password-stdin', 'read the password from stdin (else one is generated and printed)')
    .action(
      act(admin, async (r, o: { username: string; passwordStdin?: boolean }) => {
        const u = await r.users.findByUsername(o.username);
        if (!u) throw new HttpError('not_found', `user "${o.username}" not found`);
        const pw = (await password(!!o.passwordStdin)) ?? generatePassword();
        await r.users.setPassword(u.id, pw);
        out(o.passwordStdin ? { username: u.username } : { username: u.username, password: pw });
      }),
    );
  user
    .command('api-token')
    .description('Create an API token for scripts (shown once) / 스크립트용 API 토큰')
    .requiredOption('--username <name>')
    .requiredOption('--name <name>')
    .action(
      act(admin, async (r, o: { username: string; name: string }) => {
        const u = await r.users.findByUsername(o.username);
        if (!u) throw new HttpError('not_found', `user "${o.username}" not found`);
        const t = await r.apiTokens.create(u.id, o.name);
        out({ ...t.info, token: t.token });
      }),
    );

  const workshop = admin.command('workshop').description('Workshops / 작업장');
  workshop
    .command('add')
    .requiredOption('--id <id>')
    .requiredOption('--name-ko <name>')
    .requiredOption('--name-en <name>')
    .requiredOption(
      '--industry <industry>',
      'jewelry | garment_sewing | machinery_metal | handmade_shoes | printing | other',
    )
    .option('--cluster <name>')
    .option('--headcount <n>')
    .action(
      act(
        admin,
        async (
          r,
          o: { id: string; nameKo: string; nameEn: string; industry: string; cluster?: string; headcount?: string },
        ) => {
          const headcount = o.headcount === undefined ? null : Number(o.headcount);
          out(
            await r.workshops.create({
              id: o.id,
              nameKo: o.nameKo,
              nameEn: o.nameEn,
              industry: o.industry as never,
              cluster: o.cluster ?? null,
              headcount,
            }),
          );
        },
      ),
    );
  workshop.command('list').action(act(admin, async (r) => out(await r.workshops.list())));

  admin
    .command('enrollment-code')
    .description('Create a one-time enrollment code for a workshop / 일회용 등록 코드 생성')
    .requiredOption('--workshop <id>')
    .option('--agent-id <id>')
    .option('--ttl-minutes <n>', 'minutes until it expires (default 60)')
    .action(
      act(admin, async (r, o: { workshop: string; agentId?: string; ttlMinutes?: string }) => {
        const req = {
          ...(o.agentId ? { agentId: o.agentId } : {}),
          ...(o.ttlMinutes ? { ttlMinutes: Number(o.ttlMinutes) } : {}),
        };
        out(await r.enrollment.create(o.workshop, req, 'admin-cli'));
      }),
    );

  admin
    .command('export')
    .description('Export the registry as JSON, or one table as CSV / 내보내기')
    .option('--format <format>', 'json | csv', 'json')
    .option('--table <table>', `csv table: ${CSV_TABLES.join(' | ')}`, 'workshops')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      act(admin, async (r, o: { format: string; table: string; out?: string }) => {
        const text =
          o.format === 'csv'
            ? await exportCsv(r, csvTable(o.table))
            : `${JSON.stringify(await exportRegistry(r), null, 2)}\n`;
        if (o.out) writeFileSync(o.out, text);
        else process.stdout.write(text);
      }),
    );

  admin
    .command('import <file>')
    .description('Import a JSON export, or one table as CSV / 가져오기')
    .option('--format <format>', 'json | csv (default: from the file name)')
    .option('--table <table>', `csv table: ${CSV_TABLES.join(' | ')}`, 'workshops')
    .action(
      act(admin, async (r, file: string, o: { format?: string; table: string }) => {
        const text = readFileSync(file, 'utf8');
        const csv = (o.format ?? (file.endsWith('.csv') ? 'csv' : 'json')) === 'csv';
        out(csv ? await importCsv(r, csvTable(o.table), text) : await importRegistry(r, JSON.parse(text)));
      }),
    );
}

function csvTable(t: string): CsvTable {
  if ((CSV_TABLES as readonly string[]).includes(t)) return t as CsvTable;
  throw new HttpError('invalid', `--table: expected ${CSV_TABLES.join(', ')}, got "${t}"`);
}

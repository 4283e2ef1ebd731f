import { Command } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerServe } from './commands/serve.js';
import { COLLECTOR_VERSION } from './version.js';

/** Builds the `gongbang-collector` command line; each subcommand lives in commands/. */
export function buildProgram(): Command {
  const program = new Command('gongbang-collector')
    .description(
      'Gongbang collector: stores readings, keeps the registry, computes KPIs\n공방 수집 서버: 측정값 저장, 등록 정보 관리, KPI 계산',
    )
    .version(COLLECTOR_VERSION);
  registerServe(program);
  registerAdmin(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}

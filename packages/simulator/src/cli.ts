import { Command } from 'commander';
import { backfillCommand } from './commands/backfill.js';
import { SIMULATOR_VERSION } from './version.js';

/** Builds the `gongbang-sim` command line; each subcommand lives in commands/. */
export function buildProgram(): Command {
  return new Command('gongbang-sim')
    .description(
      'Gongbang simulator: a programme of workshops with known truth, through the real pipeline\n공방 시뮬레이터: 정답을 아는 작업장 프로그램을 실제 경로로 보냅니다',
    )
    .version(SIMULATOR_VERSION)
    .addCommand(backfillCommand());
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}

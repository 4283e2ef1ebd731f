import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the collector / 수집 서버 실행')
    .allowUnknownOption()
    .action(() => notYet('gongbang-collector serve'));
}

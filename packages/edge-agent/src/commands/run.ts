import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run the agent / 에이전트 실행')
    .allowUnknownOption()
    .action(() => notYet('gongbang-agent run'));
}

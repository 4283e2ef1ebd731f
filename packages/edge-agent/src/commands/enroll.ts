import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('Enroll this agent with a one-time code / 일회용 코드로 에이전트 등록')
    .allowUnknownOption()
    .action(() => notYet('gongbang-agent enroll'));
}

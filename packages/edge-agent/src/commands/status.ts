import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Show inputs, spool and uploads / 입력, 스풀, 전송 상태 보기')
    .allowUnknownOption()
    .action(() => notYet('gongbang-agent status'));
}

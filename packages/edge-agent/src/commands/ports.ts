import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerPorts(program: Command): void {
  program
    .command('ports')
    .description('List serial ports / 시리얼 포트 목록')
    .allowUnknownOption()
    .action(() => notYet('gongbang-agent ports'));
}

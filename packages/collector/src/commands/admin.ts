import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerAdmin(program: Command): void {
  program
    .command('admin')
    .description('Administer users, workshops, enrollment codes / 사용자·작업장·등록 코드 관리')
    .allowUnknownOption()
    .action(() => notYet('gongbang-collector admin'));
}

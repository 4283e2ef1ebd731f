import type { Command } from 'commander';
import { notYet } from './not-yet.js';

export function registerCheckConfig(program: Command): void {
  program
    .command('check-config')
    .description('Validate an agent.yaml / agent.yaml 검사')
    .allowUnknownOption()
    .action(() => notYet('gongbang-agent check-config'));
}

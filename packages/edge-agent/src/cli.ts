import { Command } from 'commander';
import { registerCheckConfig } from './commands/check-config.js';
import { registerDeadLetters } from './commands/dead-letters.js';
import { registerEnroll } from './commands/enroll.js';
import { registerPorts } from './commands/ports.js';
import { registerRotateToken } from './commands/rotate-token.js';
import { registerRun } from './commands/run.js';
import { registerStatus } from './commands/status.js';
import { AGENT_VERSION } from './version.js';

/** Builds the `gongbang-agent` command line; each subcommand lives in commands/. */
export function buildProgram(): Command {
  const program = new Command('gongbang-agent')
    .description(
      'Gongbang edge agent: reads workshop devices, spools every reading, forwards to the collector\n공방 엣지 에이전트: 작업장 장치를 읽고, 모든 값을 로컬에 보관한 뒤 수집 서버로 전송합니다',
    )
    .version(AGENT_VERSION);
  registerRun(program);
  registerEnroll(program);
  registerRotateToken(program);
  registerStatus(program);
  registerPorts(program);
  registerCheckConfig(program);
  registerDeadLetters(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}

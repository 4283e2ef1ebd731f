import { Command } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerKpis } from './commands/kpis.js';
import { registerServe } from './commands/serve.js';
import { COLLECTOR_VERSION } from './version.js';

const PLANNED = `
Web dashboard / 웹 대시보드: http://<host>:<port>/ (sign-in, the owner's today page / 로그인, 사장님 오늘 화면)
Planned, not built yet / 계획 중 (아직 없음):
  the technician's, evaluator's and admin's dashboard pages / 기술자·평가자·관리자 화면`;

/** Builds the `gongbang-collector` command line; each subcommand lives in commands/. */
export function buildProgram(): Command {
  const program = new Command('gongbang-collector')
    .description(
      'Gongbang collector: stores readings, keeps the registry, serves the API\n공방 수집 서버: 측정값 저장, 등록 정보 관리, API 제공',
    )
    .version(COLLECTOR_VERSION)
    // Say what is not built yet, so nobody looks for it (docs: README.md).
    .addHelpText('after', PLANNED);
  registerServe(program);
  registerAdmin(program);
  registerKpis(program);
  registerEvaluate(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}

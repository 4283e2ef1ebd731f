import type { Command } from 'commander';
import { checkEnrollmentTarget, exchangeEnrollmentCode, writeEnrollment } from '../enroll/index.js';
import { AGENT_VERSION } from '../version.js';

export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('Enroll this agent with a one-time code / 일회용 코드로 에이전트 등록')
    .requiredOption('--collector <url>', 'collector URL / 수집 서버 주소')
    .requiredOption('--code <code>', 'one-time enrollment code from the technician / 기술자가 준 일회용 코드')
    .option('-c, --config <file>', 'agent.yaml to write / 작성할 설정 파일', 'agent.yaml')
    .option('--data-dir <dir>', 'data folder for the token and spool / 토큰과 저장소 폴더', 'data')
    .option('--force', 'enroll again over existing credentials / 기존 등록을 덮어쓰기', false)
    .action(async (opts: { collector: string; code: string; config: string; dataDir: string; force: boolean }) => {
      try {
        const paths = { configFile: opts.config, dataDir: opts.dataDir };
        checkEnrollmentTarget(paths, opts.force);
        const grant = await exchangeEnrollmentCode({
          collectorUrl: opts.collector,
          code: opts.code,
          agentVersion: AGENT_VERSION,
        });
        const files = writeEnrollment(
          grant,
          opts.collector,
          { configFile: opts.config, dataDir: opts.dataDir },
          opts.force,
        );
        console.log(`enrolled as ${grant.agentId} (workshop ${grant.workshopId}) / 등록 완료`);
        console.log(`config: ${files.configFile}\ntoken:  ${files.tokenFile}`);
        console.log(`start with: gongbang-agent run --config ${files.configFile}`);
      } catch (err) {
        console.error(`enroll failed / 등록 실패: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

import type { Command } from 'commander';
import { CollectorUrlError, ConfigError, formatProblem, normalizeCollectorUrl } from '../config/index.js';
import { checkEnrollmentTarget, exchangeEnrollmentCode, writeEnrollment } from '../enroll/index.js';
import { AGENT_VERSION } from '../version.js';

interface EnrollOptions {
  collector: string;
  code: string;
  config: string;
  dataDir?: string;
  force: boolean;
}

export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('Enroll this agent with a one-time code / 일회용 코드로 에이전트 등록')
    .requiredOption('--collector <url>', 'collector URL, e.g. https://collector.example.kr / 수집 서버 주소')
    .requiredOption('--code <code>', 'one-time enrollment code from the technician / 기술자가 준 일회용 코드')
    .option(
      '-c, --config <file>',
      'agent.yaml to write; an existing one keeps its inputs / 작성할 설정 파일 (이미 있으면 입력 설정 유지)',
      'agent.yaml',
    )
    .option(
      '--data-dir <dir>',
      'data folder for the token and spool (default: agent.dataDir of the file, else ./data) / 토큰과 저장소 폴더',
    )
    .option('--force', 'enroll again over existing credentials / 기존 등록을 덮어쓰기', false)
    .action(async (opts: EnrollOptions) => {
      process.exitCode = await enroll(opts);
    });
}

async function enroll(opts: EnrollOptions): Promise<number> {
  try {
    const collectorUrl = normalizeCollectorUrl(opts.collector);
    const paths = { configFile: opts.config, ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}) };
    checkEnrollmentTarget(paths, opts.force);
    const grant = await exchangeEnrollmentCode({ collectorUrl, code: opts.code, agentVersion: AGENT_VERSION });
    const files = writeEnrollment(grant, collectorUrl, paths, opts.force);
    console.log(`enrolled as ${grant.agentId} (workshop ${grant.workshopId}) / 등록 완료`);
    if (collectorUrl !== opts.collector) console.log(`collector: ${collectorUrl} / 수집 서버 주소`);
    if (files.keptExisting) {
      console.log(`kept the settings and inputs of ${files.configFile} / 기존 설정 파일의 입력 설정을 유지했습니다`);
    }
    console.log(`config: ${files.configFile}\ntoken:  ${files.tokenFile}`);
    console.log(`check with: gongbang-agent check-config ${files.configFile}`);
    console.log(`start with: gongbang-agent run --config ${files.configFile}`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(formatProblem(p));
      console.error('enroll failed: fix the config file first / 등록 실패: 설정 파일을 먼저 고치세요');
    } else if (err instanceof CollectorUrlError) {
      console.error(`enroll failed / 등록 실패: --collector ${err.message}`);
    } else {
      console.error(`enroll failed / 등록 실패: ${(err as Error).message}`);
    }
    return 1;
  }
}

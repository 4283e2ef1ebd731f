import type { Command } from 'commander';
import { loadAgentConfig } from '../config/index.js';
import { rotateConfiguredToken } from '../enroll/index.js';

export function registerRotateToken(program: Command): void {
  program
    .command('rotate-token')
    .description('Get a new collector token and save it in the token file / 수집 서버 토큰을 새로 받아 저장')
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .action(async (opts: { config: string }) => {
      try {
        const config = loadAgentConfig(opts.config);
        await rotateConfiguredToken(config);
        console.log(
          `new token saved in ${config.collector?.tokenFile}; the old one stops when the new one is first used / 새 토큰 저장됨 (처음 쓰일 때 이전 토큰은 중지)`,
        );
      } catch (err) {
        console.error(`rotate-token failed / 토큰 교체 실패: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

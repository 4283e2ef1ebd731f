import type { Command } from 'commander';
import { pino } from 'pino';
import { Agent } from '../agent.js';
import { loadAgentConfig } from '../config/index.js';
import { attachTokenRotation } from '../enroll/index.js';
import { attachRemoteConfig, effectiveConfig } from '../remote-config/index.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run the agent / 에이전트 실행')
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .action(async (opts: { config: string }) => {
      const local = loadAgentConfig(opts.config);
      const logger = pino({ level: local.log.level, base: { agent: local.agent.id, pid: process.pid } });
      // The last good remote config, if the collector ever sent one; else the local file.
      // It logs which sections of agent.yaml the remote config replaces.
      const { config, version } = effectiveConfig(local, logger);
      const agent = new Agent(config, { logger });
      await agent.start();
      // Remote config is pulled with every heartbeat and applied through agent.reconfigure().
      attachRemoteConfig(agent, config, version, logger, local);
      // The collector token is renewed with a heartbeat once it is collector.rotateTokenDays old.
      attachTokenRotation(agent, config, logger);
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping / 정지 중');
        agent.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.fatal({ err }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

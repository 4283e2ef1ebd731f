import type { Command } from 'commander';
import { type Logger, pino } from 'pino';
import { Agent } from '../agent.js';
import { type AgentConfig, loadAgentConfig } from '../config/index.js';
import { ControlServer, controlSocketPath } from '../control/index.js';
import { attachTokenRotation } from '../enroll/index.js';
import { binSettings, missingSettings } from '../launch/index.js';
import { attachRemoteConfig, effectiveConfig, overrideText, readRemoteOverride } from '../remote-config/index.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run the agent / 에이전트 실행')
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .action(async (opts: { config: string }) => {
      const local = loadAgentConfig(opts.config);
      const logger = pino({ level: local.log.level, base: { agent: local.agent.id, pid: process.pid } });
      logNodeSettings(logger);
      // The last good remote config, if the collector ever sent one; else the local file.
      // It logs which sections of agent.yaml the remote config replaces.
      const { config, version } = effectiveConfig(local, logger);
      // Read again for each status: a remote version applied while running is saved first.
      const remoteConfigText = () => {
        const o = readRemoteOverride(local);
        // An agent without a collector gets no remote config: nothing to say then.
        return o.state !== 'none' || local.collector ? overrideText(o) : null;
      };
      const agent = new Agent(config, { logger, remoteConfigText });
      let control: ControlServer | undefined;
      const starting = (async () => {
        await agent.start();
        // Remote config is pulled with every heartbeat and applied through agent.reconfigure().
        attachRemoteConfig(agent, config, version, logger, local);
        // The collector token is renewed with a heartbeat once it is collector.rotateTokenDays old.
        attachTokenRotation(agent, config, logger);
        // `gongbang-agent dead-letters` acts on the running agent's spool through this socket.
        control = await startControl(agent, config, logger);
      })();
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping / 정지 중');
        // Handlers are in place before the start, so a signal during it (the agent has already
        // written its status file and said it started) still ends in a clean stop.
        starting
          .catch(() => undefined)
          .then(() => control?.stop())
          .then(() => agent.stop())
          .then(
            () => process.exit(0),
            (err: unknown) => {
              logger.fatal({ err }, 'stop failed');
              process.exit(1);
            },
          );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await starting;
    });
}

/**
 * Says whether node runs with the binary's memory settings: started as `node bin/…` (or with
 * another node command line) the agent works, but at Node's defaults — over twice the memory at
 * 1,000 readings/s (docs/agent.md, Memory).
 */
function logNodeSettings(logger: Logger): void {
  const wanted = binSettings();
  const missing = missingSettings(wanted, process.execArgv, process.env);
  if (missing.length === 0) {
    logger.info(
      { execArgv: process.execArgv, env: wanted.env },
      'memory settings of the binary in effect / 메모리 설정 적용됨',
    );
  } else {
    logger.warn(
      { missing },
      'started without the memory settings of bin/gongbang-agent.js: run the binary itself (gongbang-agent run), not node bin/gongbang-agent.js / 메모리 설정 없이 시작됨: node 없이 gongbang-agent run 으로 실행하세요',
    );
  }
}

/** The control socket is a convenience: without it the agent runs on, and the commands say to stop it first. */
async function startControl(
  agent: Agent,
  config: Readonly<AgentConfig>,
  logger: Logger,
): Promise<ControlServer | undefined> {
  const socketPath = controlSocketPath(config.agent.dataDir);
  if (!socketPath) {
    logger.warn(
      { dataDir: config.agent.dataDir },
      'data folder path too long for a control socket; dead-letters commands need the agent stopped / 데이터 폴더 경로가 길어 제어 소켓을 만들 수 없습니다',
    );
    return undefined;
  }
  const control = new ControlServer(socketPath, agent.spool, logger);
  try {
    await control.start();
    return control;
  } catch (err) {
    logger.warn(
      { err },
      'control socket could not start; dead-letters commands need the agent stopped / 제어 소켓 시작 실패',
    );
    return undefined;
  }
}

import { both } from '@gongbang/shared';
import type { Command } from 'commander';
import { ConfigError, loadCollectorConfig } from '../config/index.js';
import { runServer } from '../server.js';

interface ServeFlags {
  config?: string;
  dataDir?: string;
  port?: string;
  host?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the collector / 수집 서버 실행')
    .option('-c, --config <file>', 'collector.yaml (default: embedded store in ./data on 127.0.0.1:8080)')
    .option('--data-dir <dir>', 'folder of the embedded store / 내장 저장소 폴더')
    .option('--port <n>', 'TCP port (default 8080)')
    .option('--host <addr>', 'address to bind (default 127.0.0.1)')
    .action(async (flags: ServeFlags) => {
      let port: number | undefined;
      if (flags.port !== undefined) {
        port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          console.error(both({ ko: `잘못된 포트: ${flags.port}`, en: `invalid port: ${flags.port}` }));
          process.exit(2);
        }
      }
      let config: ReturnType<typeof loadCollectorConfig>;
      try {
        config = loadCollectorConfig(flags.config, { overrides: { dataDir: flags.dataDir, host: flags.host, port } });
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(both({ ko: '설정 파일 오류', en: 'invalid configuration' }));
          console.error(err.message);
          process.exit(2);
        }
        throw err;
      }
      const where = config.store.type === 'sqlite' ? `${config.dataDir}/readings.db` : config.store.url;
      await runServer({ config }, (url) => {
        console.log(
          both({
            ko: `수집 서버 실행 중: ${url} (저장소 ${where})`,
            en: `collector listening on ${url} (store ${where})`,
          }),
        );
      });
    });
}

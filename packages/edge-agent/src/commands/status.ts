import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Bilingual, resolveLang } from '@gongbang/shared';
import type { Command } from 'commander';
import { type AgentConfig, loadAgentConfig, localeVars } from '../config/index.js';
import { httpRequest, isOk } from '../http/index.js';
import { overrideLine, overrideSummary, readRemoteOverride } from '../remote-config/index.js';
import { type AgentStatus, offlineStatus, renderStatusLines } from '../status/index.js';

/** Asks the running agent (through its status page) and falls back to reading the spool file. */
async function readStatus(config: Readonly<AgentConfig>): Promise<AgentStatus> {
  try {
    const state = JSON.parse(readFileSync(path.join(config.agent.dataDir, 'agent-status.json'), 'utf8'));
    if (typeof state.statusUrl === 'string') {
      const url = new URL('status.json', state.statusUrl);
      const res = await httpRequest(url, { method: 'GET', timeoutMs: 3_000, deadlineMs: 3_000 });
      if (isOk(res)) return JSON.parse(res.text) as AgentStatus;
    }
  } catch {}
  return offlineStatus(config, Date.now());
}

/** Where dead letters go from here, so the owner does not have to know the command. */
function deadLetterHint(file: string): Bilingual {
  return {
    ko: `거부된 값 보기·다시 보내기: gongbang-agent dead-letters list|resend --config ${file}`,
    en: `See and resend dead letters: gongbang-agent dead-letters list|resend --config ${file}`,
  };
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Show inputs, spool and uploads / 입력, 스풀, 전송 상태 보기')
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .option('--json', 'machine-readable output / JSON 출력')
    .option('--lang <lang>', 'ko | en (default: from the locale / 기본: 로캘)')
    .action(async (opts: { config: string; json?: boolean; lang?: string }) => {
      const config = loadAgentConfig(opts.config);
      const s = await readStatus(config);
      // The agent runs the stored remote config (it is saved once applied): say what it replaces.
      const remote = readRemoteOverride(config);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...s, remoteConfig: overrideSummary(remote) }, null, 2)}\n`);
        return;
      }
      const lang = resolveLang(opts.lang, localeVars());
      const lines = renderStatusLines(s, lang);
      // A running agent says it itself (s.remoteConfig); one without a collector gets no remote config.
      if (!s.remoteConfig && (remote.state !== 'none' || config.collector)) lines.push(overrideLine(remote, lang));
      if (s.spool.deadLetters > 0) lines.push(deadLetterHint(opts.config)[lang]);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

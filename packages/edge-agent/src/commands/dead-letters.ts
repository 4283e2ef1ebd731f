import { type Lang, resolveLang } from '@gongbang/shared';
import type { Command } from 'commander';
import { ConfigError, formatProblem, loadAgentConfig, localeVars } from '../config/index.js';
import { controlRequest, type DeadLetterView } from '../control/index.js';

interface CommonOptions {
  config: string;
  lang?: string;
}

/** Parses `3,7,10-20` into seqs; throws naming the bad part. */
export function parseSeqList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const lo = m ? Number(m[1]) : Number.NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi < lo || hi - lo > 1_000_000) {
      throw new Error(`--seq: "${part}" is not a seq or a range like 10-20 / seq 번호 또는 10-20 같은 범위가 아닙니다`);
    }
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  return out;
}

const T = {
  none: { ko: '거부된 값이 없습니다.', en: 'No dead letters.' },
  header: (total: number, shown: number) => ({
    ko: `거부된 값 (보관함): ${total}건${shown < total ? ` (앞의 ${shown}건 표시)` : ''}`,
    en: `Dead letters: ${total}${shown < total ? ` (first ${shown} shown)` : ''}`,
  }),
  resendHint: (file: string) => ({
    ko: `다시 보내기: gongbang-agent dead-letters resend --config ${file}  (원인을 고친 뒤)`,
    en: `Send them again once the cause is fixed: gongbang-agent dead-letters resend --config ${file}`,
  }),
  moved: (n: number, via: 'agent' | 'file') => ({
    ko: `${n}건을 전송 대기열로 되돌렸습니다 (seq 유지, 서버는 같은 값을 한 번만 저장). ${via === 'agent' ? '실행 중인 에이전트가 바로 보냅니다.' : '에이전트를 시작하면 보냅니다.'}`,
    en: `${n} reading(s) moved back to the queue, keeping their seq (the collector stores each once). ${via === 'agent' ? 'The running agent sends them now.' : 'They are sent when the agent runs.'}`,
  }),
  failed: { ko: '실패', en: 'failed' },
};

function line(d: DeadLetterView, lang: Lang): string {
  const what = [d.kind, d.source].filter(Boolean).join(lang === 'ko' ? ' · ' : ' from ') || '?';
  const parked = new Date(d.at).toISOString().replace('T', ' ').slice(0, 19);
  return `  seq ${d.seq}  ${parked}Z  ${what} — ${d.code}: ${d.message.replace(/\s+/g, ' ').slice(0, 200)}`;
}

async function list(opts: CommonOptions & { limit: string; json?: boolean }): Promise<number> {
  const config = loadAgentConfig(opts.config);
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit: "${opts.limit}" is not a positive whole number`);
  const { answer } = await controlRequest(config, { op: 'dead-letters.list', limit });
  if (!answer.ok) throw new Error(answer.error);
  if (!('deadLetters' in answer)) throw new Error('unexpected answer');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ total: answer.total, deadLetters: answer.deadLetters }, null, 2)}\n`);
    return 0;
  }
  const lang = resolveLang(opts.lang, localeVars());
  if (answer.total === 0) {
    console.log(T.none[lang]);
    return 0;
  }
  console.log(T.header(answer.total, answer.deadLetters.length)[lang]);
  for (const d of answer.deadLetters) console.log(line(d, lang));
  console.log(T.resendHint(opts.config)[lang]);
  return 0;
}

async function resend(opts: CommonOptions & { seq?: string; code?: string }): Promise<number> {
  const config = loadAgentConfig(opts.config);
  const seqs = opts.seq !== undefined ? parseSeqList(opts.seq) : undefined;
  const { answer, via } = await controlRequest(config, {
    op: 'dead-letters.resend',
    ...(seqs ? { seqs } : {}),
    ...(opts.code ? { code: opts.code } : {}),
  });
  if (!answer.ok) throw new Error(answer.error);
  if (!('moved' in answer)) throw new Error('unexpected answer');
  console.log(T.moved(answer.moved, via)[resolveLang(opts.lang, localeVars())]);
  return 0;
}

/** Runs a subcommand; every failure is one clear line (or the config problems) and exit code 1. */
async function guarded(lang: string | undefined, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (err) {
    if (err instanceof ConfigError) for (const p of err.problems) console.error(formatProblem(p));
    else console.error(`dead-letters ${T.failed[resolveLang(lang, localeVars())]}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

export function registerDeadLetters(program: Command): void {
  const cmd = program
    .command('dead-letters')
    .description(
      'List readings the collector refused, and send them again / 수집 서버가 거부한 값 보기 및 다시 보내기',
    );
  cmd
    .command('list')
    .description('List dead letters (running agent or stopped) / 거부된 값 목록')
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .option('--limit <n>', 'show at most n / 최대 n건 표시', '50')
    .option('--json', 'machine-readable output / JSON 출력')
    .option('--lang <lang>', 'ko | en (default: from the locale / 기본: 로캘)')
    .action((opts: CommonOptions & { limit: string; json?: boolean }) => guarded(opts.lang, () => list(opts)));
  cmd
    .command('resend')
    .description(
      'Move dead letters back to the queue, keeping their seq (all, or by --seq / --code) / 거부된 값을 전송 대기열로 되돌리기',
    )
    .requiredOption('-c, --config <file>', 'agent.yaml / 에이전트 설정 파일')
    .option('--seq <list>', 'only these seqs, e.g. 3,7,10-20 / 이 seq만')
    .option('--code <code>', 'only those refused with this code, e.g. not_found / 이 코드로 거부된 값만')
    .option('--lang <lang>', 'ko | en (default: from the locale / 기본: 로캘)')
    .action((opts: CommonOptions & { seq?: string; code?: string }) => guarded(opts.lang, () => resend(opts)));
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { type BackfillProgress, backfill } from '../backfill/index.js';
import { type Lang, msg } from '../i18n.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name}: 1 이상의 정수 / a whole number ≥ 1`);
  return n;
};

/** `gongbang-sim backfill`: a programme with known truth, sent through real agent spools to a collector. */
export function backfillCommand(): Command {
  return new Command('backfill')
    .description(
      '과거 데이터를 실제 에이전트 스풀과 전송기로 수집 서버에 보냅니다 / send a programme’s past through real agent spools',
    )
    .requiredOption('--workshops <n>', '작업장 수 / number of workshops', int('--workshops'))
    .requiredOption('--months <n>', '개월 수 / months of history', int('--months'))
    .requiredOption('--seed <n>', '난수 시드 / seed', int('--seed'))
    .requiredOption('--collector <url>', '수집 서버 주소 / collector URL')
    .requiredOption('--token <token>', '관리자 API 토큰 / admin API token')
    .option('--data-dir <dir>', '스풀·토큰·truth.json 폴더 / folder for spools, tokens, truth.json', './sim-data')
    .option('--to <day>', '마지막 날 (KST, 기본 어제) / last KST day (default yesterday)')
    .option('--concurrency <n>', '동시에 보내는 작업장 수 / workshops at once', int('--concurrency'), 4)
    .addOption(new Option('--lang <lang>', '언어 / language').choices(['ko', 'en']).default('ko'))
    .action(async (o) => {
      const lang = o.lang as Lang;
      const result = await backfill(
        {
          workshops: o.workshops,
          months: o.months,
          seed: o.seed,
          collector: o.collector,
          token: o.token,
          dataDir: o.dataDir,
          toDay: o.to,
          concurrency: o.concurrency,
        },
        progressBar(lang),
      );
      process.stderr.write('\n');
      const t = (k: Parameters<typeof msg>[1]) => msg(lang, k);
      console.log(
        `${t('done')}: ${t('workshops')} ${result.programme.workshops.length}, ${t('readings')} ${result.readingsDelivered.toLocaleString('en')} ` +
          `(${Math.round(result.readingsPerS).toLocaleString('en')}${t('perS')}, ${result.elapsedS.toFixed(1)} s), ` +
          `${result.programme.fromDay} ~ ${result.programme.toDay}`,
      );
      console.log(`${t('truthWritten')}: ${result.truthFile}`);
      if (result.deadLetters > 0) {
        console.log(`${t('deadLetters')}: ${result.deadLetters}`);
        process.exitCode = 1;
      }
    });
}

/** One line on stderr, redrawn: phase, workshops done, readings/s, ETA. */
export function progressBar(lang: Lang, out: NodeJS.WriteStream = process.stderr): (p: BackfillProgress) => void {
  return (p) => {
    const width = 24;
    const filled = Math.round((width * p.workshopsDone) / Math.max(1, p.workshopsTotal));
    const phase = msg(lang, p.phase === 'done' ? 'done' : p.phase);
    const eta =
      p.etaS === null ? '-' : `${Math.floor(p.etaS / 60)}m${String(Math.round(p.etaS % 60)).padStart(2, '0')}s`;
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${phase} · ${msg(lang, 'workshops')} ${p.workshopsDone}/${p.workshopsTotal}` +
      ` · ${msg(lang, 'readings')} ${p.readingsDelivered.toLocaleString('en')} (${Math.round(p.readingsPerS).toLocaleString('en')}${msg(lang, 'perS')})` +
      ` · ${msg(lang, 'eta')} ${eta}`;
    out.write(out.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
}

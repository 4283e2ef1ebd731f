import './evaluator.css';
import type { EvaluationOutcome, Transition, TrendInterval } from '@gongbang/collector';
import { useCallback, useMemo, useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import { descriptive } from './api';
import { TransitionOutcome } from './choice';
import { CsvButton } from './csv-button';
import { BandChart } from './event-time-chart';
import { dayMs, num, pct, shortDay } from './format';
import { messages } from './messages';
import { PrintButton } from './print-button';
import { useLoad } from './use-load';

/** The x axis counts weeks from Monday 1970-01-05, so that ticks fall on Mondays, as the data do. */
const WEEK_INCRS = [1, 2, 4, 8, 13, 26, 52];
const MONDAY_0 = Date.UTC(1970, 0, 5);
const WEEK_MS = 7 * 86_400_000;
const weekX = (day: string): number => Math.round((dayMs(day) - MONDAY_0) / WEEK_MS);

function intervalOf(locale: string, i: TrendInterval | undefined): string {
  if (!i) return '—';
  return `${num(locale, i.estimate, 3)} [${num(locale, i.lower, 3)}, ${num(locale, i.upper, 3)}]`;
}

/** One workshop before and after it entered a stage: descriptive (a trend break), never called an effect. */
export function WorkshopPage(props: PageProps) {
  const t = useMessages(messages);
  const { t: shell, lang } = useI18n();
  const locale = shell.locale;
  const id = props.params.workshopId as string;
  const [transition, setTransition] = useState<Transition>('0-1');
  const [outcome, setOutcome] = useState<EvaluationOutcome>('labour_productivity');
  const load = useLoad(`${id}/${transition}/${outcome}`, () => descriptive(id, { transition, outcome }));
  const a = load.state === 'done' ? load.data : null;
  const trend = a?.trend ?? null;
  const stage = transition.split('-')[1] as string;
  const chart = useMemo(
    () => (a ? { x: a.series.map((s) => weekX(s.week)), y: a.series.map((s) => s.value) } : null),
    [a],
  );
  const fmt = useCallback((v: number) => num(locale, v, 2), [locale]);
  const xFmt = useCallback(
    (v: number) =>
      new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
        MONDAY_0 + v * WEEK_MS,
      ),
    [locale],
  );
  const breakX = a && 'breakWeek' in a && a.breakWeek ? weekX(a.breakWeek) : undefined;

  return (
    <section aria-labelledby="workshop-title" class="evaluator">
      <p class="no-print">
        <Link href="/evaluator/programme">{t.backToProgramme}</Link>
      </p>
      <h1 id="workshop-title">
        {t.workshopTitle(id)} <span class="badge">{t.descriptiveBadge}</span>
      </h1>
      <div class="controls no-print">
        <TransitionOutcome
          transition={transition}
          outcome={outcome}
          onTransition={setTransition}
          onOutcome={setOutcome}
        />
        <PrintButton label={t.print} />
      </div>
      {load.state === 'loading' && <p aria-live="polite">{shell.loading}</p>}
      {load.state === 'failed' && (
        <p class="error" role="alert">
          {t.loadError}
        </p>
      )}
      {a && (
        <>
          <p class="explain" data-testid="descriptive-note">
            {lang === 'en' ? a.note.en : a.note.ko}
          </p>
          {a.stageStartedOn === null ? (
            <p class="note" role="status">
              {t.notEntered(stage)}
            </p>
          ) : (
            <p class="sub-line">
              {t.stageStarted}: {shortDay(locale, a.stageStartedOn)}
            </p>
          )}
          {trend && (
            <section aria-labelledby="trend-title" class="block">
              <h2 id="trend-title">{t.outcomes[outcome]}</h2>
              {trend.estimable ? (
                <dl class="settings" data-testid="trend">
                  <dt>{t.nBefore}</dt>
                  <dd>{trend.nBefore}</dd>
                  <dt>{t.nAfter}</dt>
                  <dd>{trend.nAfter}</dd>
                  <dt>{t.meanBefore}</dt>
                  <dd>{num(locale, trend.meanBefore, 3)}</dd>
                  <dt>{t.meanAfter}</dt>
                  <dd>{num(locale, trend.meanAfter, 3)}</dd>
                  <dt>{t.relativeChange}</dt>
                  <dd>{pct(locale, trend.relativeChange, true)}</dd>
                  <dt>{t.levelChange}</dt>
                  <dd>{intervalOf(locale, trend.levelChange)}</dd>
                  <dt>{t.slopeChange}</dt>
                  <dd>{intervalOf(locale, trend.slopeChange)}</dd>
                </dl>
              ) : (
                <p class="note">{t.notEstimable}</p>
              )}
            </section>
          )}
          {chart && a.series.length > 0 && (
            <section aria-labelledby="series-title" class="block">
              <h2 id="series-title">{t.series}</h2>
              <BandChart
                x={chart.x}
                y={chart.y}
                label={t.seriesChart(t.outcomes[outcome])}
                yLabel={t.outcomes[outcome]}
                xLabel={t.week}
                format={fmt}
                xFormat={xFmt}
                marker={breakX}
                xIncrs={WEEK_INCRS}
                chartKey={t.seriesKey}
                testId="series-chart"
              />
              <div class="table-wrap">
                <table data-testid="series-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.week}</th>
                      <th scope="col">{t.value}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.series.map((s) => (
                      <tr key={s.week}>
                        <th scope="row">{shortDay(locale, s.week)}</th>
                        <td class="num">{num(locale, s.value, 3)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvButton
                filename={`descriptive-${id}-${transition}-${outcome}.csv`}
                label={t.csv}
                describedBy="series-title"
                header={['workshop', 'week', outcome]}
                rows={() => a.series.map((s) => [id, s.week, s.value])}
              />
            </section>
          )}
        </>
      )}
    </section>
  );
}

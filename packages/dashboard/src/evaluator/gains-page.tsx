import './evaluator.css';
import type { AnsweredEstimate, Industry, Transition } from '@gongbang/collector';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { type EvaluationAnswer, type EvaluationQuery, evaluation, evaluationCsvUrl } from './api';
import { Choice, TransitionOutcome } from './choice';
import { CsvButton } from './csv-button';
import { BandChart } from './event-time-chart';
import { effectText, effectValue, intervalText, momentText, num, pct, pValueText, shortDay } from './format';
import { type EvaluatorMessages, messages } from './messages';
import { MethodSettings } from './method-settings';
import { PrintButton } from './print-button';
import { useLoad } from './use-load';

type T = ReturnType<typeof useMessages<EvaluatorMessages>>;
/** How soon a page showing a stale result asks again (the collector is computing the current one). */
const STALE_RECHECK_MS = 5_000;
/** Event time is in whole weeks. */
const EVENT_INCRS = [1, 2, 4, 8, 13, 26, 52];

/** Why there is no estimate, in the reader's words (the API's `reason` is for logs). */
function noEstimateText(t: T, a: EvaluationAnswer, transition: Transition): string {
  if (a.panel.treated === 0) return t.noTreated(transition.split('-')[1] as string);
  if (a.evaluation === null) return t.tooFew(a.panel.workshops);
  return t.noPost;
}

function EstimateRow(props: { name: string; e: AnsweredEstimate; scale: 'log' | 'level'; locale: string }) {
  const { e, scale, locale } = props;
  return (
    <tr>
      <th scope="row">{props.name}</th>
      <td class="num">{effectText(locale, scale, e.att)}</td>
      <td class="num">{intervalText(locale, scale, e.lower, e.upper)}</td>
      <td class="num">{e.nTreated}</td>
      <td class="num">{e.nControlMin === e.nControlMax ? e.nControlMin : `${e.nControlMin}–${e.nControlMax}`}</td>
    </tr>
  );
}

function estimateCsvRow(key: string | number, e: AnsweredEstimate, scale: 'log' | 'level') {
  return [
    key,
    e.att,
    e.lower,
    e.upper,
    effectValue(scale, e.att),
    effectValue(scale, e.lower),
    effectValue(scale, e.upper),
    e.nTreated,
    e.nControlMin,
    e.nControlMax,
  ];
}
const ESTIMATE_CSV = [
  'att',
  'lower',
  'upper',
  'effect',
  'effect_lower',
  'effect_upper',
  'n_treated',
  'n_comparison_min',
  'n_comparison_max',
];

/** The stage-gain page: staggered difference-in-differences per transition, outcome and industry. */
export function GainsPage(_props: PageProps) {
  const t = useMessages(messages);
  const { t: shell } = useI18n();
  const locale = shell.locale;
  const [q, setQ] = useState<EvaluationQuery>({
    transition: '0-1',
    outcome: 'labour_productivity',
    control: 'not-yet',
  });
  const load = useLoad(JSON.stringify(q), () => evaluation(q));
  const a = load.state === 'done' ? load.data : null;
  const reload = load.state === 'done' ? load.reload : null;
  // A stale answer: the collector is analysing the current data; ask again until it has it.
  useEffect(() => {
    if (!a?.stale || !reload) return;
    const timer = setTimeout(reload, STALE_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [a, reload]);
  const ev = a?.evaluation ?? null;
  const scale = a?.scale ?? 'log';
  const dynamic = ev?.aggregates.dynamic ?? null;
  const group = ev?.aggregates.group ?? null;
  const overall = ev?.aggregates.simple?.overall ?? null;
  const fmtEffect = useCallback(
    (v: number) => (scale === 'log' ? pct(locale, v, true) : num(locale, v, 2)),
    [scale, locale],
  );
  const chart = useMemo(() => {
    if (!dynamic) return null;
    const terms = dynamic.terms.filter((x) => x.key !== undefined);
    return {
      x: terms.map((x) => x.key as number),
      y: terms.map((x) => effectValue(scale, x.att)),
      lower: terms.map((x) => effectValue(scale, x.lower)),
      upper: terms.map((x) => effectValue(scale, x.upper)),
    };
  }, [dynamic, scale]);
  const outcomeName = t.outcomes[q.outcome];
  const week = (k: number | undefined) => (k === undefined ? '' : (a?.weeks[String(k)] ?? String(k)));
  const set = (patch: Partial<EvaluationQuery>) => setQ({ ...q, ...patch });

  return (
    <section aria-labelledby="gains-title" class="evaluator">
      <h1 id="gains-title">{t.gainsTitle}</h1>
      <div class="controls no-print">
        <TransitionOutcome
          transition={q.transition}
          outcome={q.outcome}
          onTransition={(transition) => set({ transition })}
          onOutcome={(outcome) => set({ outcome })}
        />
        <Choice
          id="ev-industry"
          label={t.industry}
          value={q.industry ?? ''}
          options={[
            ['', t.allIndustries] as const,
            ...(Object.keys(t.industries) as Industry[]).map((i) => [i, t.industries[i]] as const),
          ]}
          onChange={(v) => set({ industry: v || undefined })}
        />
        <Choice
          id="ev-control"
          label={t.control}
          value={q.control}
          options={[
            ['not-yet', t.controls['not-yet']],
            ['never', t.controls.never],
          ]}
          onChange={(control) => set({ control })}
        />
        <PrintButton label={t.print} />
      </div>
      <p class="sub-line">
        {t.transitionName(q.transition)} · {outcomeName} ·{' '}
        {q.industry ? t.industries[q.industry as Industry] : t.allIndustries}
      </p>
      {load.state === 'loading' && <p aria-live="polite">{t.running}</p>}
      {load.state === 'failed' && (
        <p class="error" role="alert">
          {t.loadError}
        </p>
      )}
      {a?.stale && (
        <p class="note" role="status" data-testid="stale-note">
          {t.staleNote(momentText(locale, a.computedAt))}
        </p>
      )}
      {a && !overall && (
        <div class="note block" role="status" data-testid="no-estimate">
          <h2>{t.noEstimate}</h2>
          <p>{noEstimateText(t, a, q.transition)}</p>
          <p>{q.industry ? t.whatToDoIndustry : t.whatToDoWait}</p>
        </div>
      )}
      {a && ev && overall && (
        <>
          <section aria-labelledby="overall-title" class="block">
            <h2 id="overall-title">{t.overall}</h2>
            <p class="headline" data-testid="overall-effect">
              <strong>{effectText(locale, scale, overall.att)}</strong>{' '}
              {intervalText(locale, scale, overall.lower, overall.upper)}
              <span class="meta">
                {' '}
                · {t.nTreated} {overall.nTreated} · {t.nComparison}{' '}
                {overall.nControlMin === overall.nControlMax
                  ? overall.nControlMin
                  : `${overall.nControlMin}–${overall.nControlMax}`}
              </span>
            </p>
            <p class="explain">{t.overallExplain(scale)}</p>
          </section>
          {chart && dynamic && (
            <section aria-labelledby="event-title" class="block">
              <h2 id="event-title">{t.eventTime}</h2>
              <BandChart
                x={chart.x}
                y={chart.y}
                lower={chart.lower}
                upper={chart.upper}
                label={t.eventChart(outcomeName)}
                yLabel={t.effect}
                bandLabel={t.band}
                xLabel={t.eventWeek}
                format={fmtEffect}
                marker={0}
                xIncrs={EVENT_INCRS}
                chartKey={t.chartKey}
                testId="event-chart"
              />
              <div class="table-wrap">
                <table data-testid="event-table">
                  <caption>{t.eventTable}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.eventWeek}</th>
                      <th scope="col">{t.effect}</th>
                      <th scope="col">{t.interval}</th>
                      <th scope="col">{t.nTreated}</th>
                      <th scope="col">{t.nComparison}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dynamic.terms.map((x) => (
                      <EstimateRow key={x.key} name={String(x.key)} e={x} scale={scale} locale={locale} />
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvButton
                filename={`event-time-${q.transition}-${q.outcome}.csv`}
                label={t.csv}
                describedBy="event-title"
                header={['event_week', ...ESTIMATE_CSV]}
                rows={() => dynamic.terms.map((x) => estimateCsvRow(x.key ?? '', x, scale))}
              />
            </section>
          )}
          {group && (
            <section aria-labelledby="cohort-title" class="block">
              <h2 id="cohort-title">{t.byCohort}</h2>
              <div class="table-wrap">
                <table data-testid="cohort-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.cohort}</th>
                      <th scope="col">{t.effect}</th>
                      <th scope="col">{t.interval}</th>
                      <th scope="col">{t.nTreated}</th>
                      <th scope="col">{t.nComparison}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.terms.map((x) => (
                      <EstimateRow
                        key={x.key}
                        name={shortDay(locale, week(x.key))}
                        e={x}
                        scale={scale}
                        locale={locale}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvButton
                filename={`cohorts-${q.transition}-${q.outcome}.csv`}
                label={t.csv}
                describedBy="cohort-title"
                header={['cohort_week', ...ESTIMATE_CSV]}
                rows={() => group.terms.map((x) => estimateCsvRow(week(x.key), x, scale))}
              />{' '}
              <a class="no-print" href={evaluationCsvUrl(q)} download>
                {t.attgtCsv}
              </a>
            </section>
          )}
          <section aria-labelledby="pre-title" class="block">
            <h2 id="pre-title">{t.preCheck}</h2>
            <p data-testid="pre-check">
              {ev.preTest === null
                ? t.preNone
                : ev.preTest.pValue >= ev.settings.alpha
                  ? t.preOk(pValueText(locale, ev.preTest.pValue))
                  : t.preBad(pValueText(locale, ev.preTest.pValue))}
            </p>
            {ev.preTest && <p class="meta">{t.preStat(num(locale, ev.preTest.statistic, 2), ev.preTest.df)}</p>}
          </section>
        </>
      )}
      {a && <MethodSettings a={a} t={t} />}
      <section aria-labelledby="descriptive-title" class="block">
        <h2 id="descriptive-title">{t.descriptiveTitle}</h2>
        <p>{t.descriptiveText}</p>
      </section>
    </section>
  );
}

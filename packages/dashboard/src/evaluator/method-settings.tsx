import type { Catalog } from '../i18n/define';
import type { EvaluationAnswer } from './api';
import type { EvaluatorMessages } from './messages';

/** Workshops named in "left out"; the rest are counted (a programme leaves out hundreds at stage 2). */
const MAX_LISTED = 20;

/**
 * Everything an analysis was run with, so that anyone can repeat it: method, comparison group,
 * base period, anticipation, bootstrap draws and seed, standard errors, estimator and formula
 * versions, scale, data window, panel, the workshops left out and what the preparation changed.
 */
export function MethodSettings(props: { a: EvaluationAnswer; t: Catalog<EvaluatorMessages> }) {
  const { a, t } = props;
  const ev = a.evaluation;
  return (
    <section aria-labelledby="method-title" class="block">
      <h2 id="method-title">{t.method}</h2>
      <dl class="settings" data-testid="method">
        <dt>{t.methodName}</dt>
        <dd>{t.methodValue}</dd>
        <dt>{t.control}</dt>
        <dd>{t.controls[a.settings.control]}</dd>
        <dt>{t.basePeriod}</dt>
        <dd>{t.bases[a.settings.base]}</dd>
        <dt>{t.anticipation}</dt>
        <dd>{a.settings.anticipation}</dd>
        <dt>{t.bootstrap}</dt>
        <dd>{ev?.settings.bootstrap?.draws ?? a.settings.bootstrap}</dd>
        <dt>{t.seed}</dt>
        <dd>{a.settings.seed}</dd>
        {ev && (
          <>
            <dt>{t.seType}</dt>
            <dd>
              {t.seTypes[ev.settings.se]} · {t.clusters} {ev.nClusters}
            </dd>
            <dt>{t.estimatorVersion}</dt>
            <dd>{ev.estimatorVersion}</dd>
          </>
        )}
        <dt>{t.formulaVersion}</dt>
        <dd>{a.formulaVersion}</dd>
        <dt>{t.scale}</dt>
        <dd>{t.scales[a.scale]}</dd>
        <dt>{t.dataWindow}</dt>
        <dd>{t.period(a.dataWindow.from, a.dataWindow.to)}</dd>
        <dt>{t.panel}</dt>
        <dd>{t.panelValue(a.panel.workshops, a.panel.treated, a.panel.rows, a.panel.observed)}</dd>
        <dt>{t.excluded}</dt>
        <dd>
          {a.panel.excluded.length === 0
            ? t.none
            : `${a.panel.excluded
                .slice(0, MAX_LISTED)
                .map((x) => x.id)
                .join(
                  ', ',
                )}${a.panel.excluded.length > MAX_LISTED ? ` ${t.andMore(a.panel.excluded.length - MAX_LISTED)}` : ''}`}
        </dd>
      </dl>
      {ev && ev.notes.length > 0 && (
        <>
          <h3>{t.notes}</h3>
          <ul>
            {ev.notes.map((n) => (
              <li key={n.code}>
                {t.noteCodes[n.code]} ({n.count})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

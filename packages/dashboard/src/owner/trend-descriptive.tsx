import type { DescriptiveAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatDay, formatPercent } from '../shared/format';
import { formatNumber } from './format';
import { messages } from './messages';

/**
 * The workshop's own before/after around its last stage start (labour productivity, weekly), with
 * the segmented regression's level change: labelled descriptive, never causal.
 */
export function TrendDescriptive(props: { answer: DescriptiveAnswer }) {
  const { t, lang } = useI18n();
  const m = useMessages(messages);
  const a = props.answer;
  const tr = a.trend;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? m.none : formatNumber(t.locale, v, 2));
  return (
    <section class="owner-block descriptive" aria-labelledby="descriptive-title" data-testid="descriptive">
      <h2 id="descriptive-title">{m.descriptiveTitle}</h2>
      <p class="note">{a.note[lang] ?? m.descriptiveNote}</p>
      {a.stageStartedOn && (
        <p>{m.stageLine(Number(a.transition.split('-')[1]), formatDay(t.locale, a.stageStartedOn))}</p>
      )}
      {!tr?.estimable ? (
        <p class="note">{m.descriptiveNone(a.reason ?? tr?.reason ?? '')}</p>
      ) : (
        <dl class="plan-figures">
          <div>
            <dt>
              {m.meanBefore} (N = {tr.nBefore})
            </dt>
            <dd>{num(tr.meanBefore)}</dd>
          </div>
          <div>
            <dt>
              {m.meanAfter} (N = {tr.nAfter})
            </dt>
            <dd>{num(tr.meanAfter)}</dd>
          </div>
          <div>
            <dt>{m.relativeChange}</dt>
            <dd>{tr.relativeChange === null ? m.none : formatPercent(t.locale, tr.relativeChange)}</dd>
          </div>
          {tr.levelChange && (
            <div>
              <dt>{m.levelChange}</dt>
              <dd>
                {num(tr.levelChange.estimate)} [{num(tr.levelChange.lower)}, {num(tr.levelChange.upper)}]
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}

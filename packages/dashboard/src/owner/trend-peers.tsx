import type { KpiAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { formatPercent } from '../shared/format';
import { ScrollBox } from '../shared/scroll-box';
import { formatNumber } from './format';
import { messages } from './messages';
import type { TREND_KPIS } from './trend-page';

type TrendKpi = (typeof TREND_KPIS)[number];

/**
 * The workshop's figures over the range beside the anonymous median of the same industry's
 * other workshops; a median from fewer than 5 is withheld by the server and said so here.
 */
export function TrendPeers(props: { answer: KpiAnswer; labels: Record<TrendKpi, string> }) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const peers = props.answer.peers;
  const own = props.answer.total[0];
  const fmt = (k: TrendKpi, v: number) =>
    k === 'labour_productivity' ? formatNumber(t.locale, v) : formatPercent(t.locale, v);
  return (
    <section class="owner-block" aria-labelledby="peers-title">
      <h2 id="peers-title">{m.peersTitle}</h2>
      {!peers ? (
        <p class="note">{m.peersNone}</p>
      ) : (
        <>
          <p class="note">{m.peersIntro(peers.industry)}</p>
          <ScrollBox>
            <table data-testid="peers" class="wrap">
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">{m.mine}</th>
                  <th scope="col">{m.peerMedian}</th>
                </tr>
              </thead>
              <tbody>
                {(Object.keys(props.labels) as TrendKpi[]).map((k) => {
                  const mineK = own?.kpis[k];
                  const med = peers.medians[k];
                  return (
                    <tr key={k} data-kpi={k} data-withheld={String(med.withheld)}>
                      <th scope="row">{props.labels[k]}</th>
                      <td>
                        {mineK?.status === 'ok' && mineK.value !== null
                          ? fmt(k, mineK.value)
                          : mineK?.status === 'insufficient_data'
                            ? t.statusInsufficient
                            : m.none}
                      </td>
                      <td>
                        {med.withheld || med.value === null
                          ? m.peersWithheld(med.n)
                          : `${fmt(k, med.value)} (N = ${med.n})`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
    </section>
  );
}

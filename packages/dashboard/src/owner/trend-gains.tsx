import type { PeerGainsAnswer } from '@gongbang/collector';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ScrollBox } from '../shared/scroll-box';
import { messages } from './messages';
import type { TREND_KPIS } from './trend-page';

type TrendKpi = (typeof TREND_KPIS)[number];

/** A signed percent change: +12.5 %, −3.0 %. */
function signedPercent(locale: string, ratio: number): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
}

/**
 * The owner's change since the latest stage start beside the median change of the same
 * industry's other workshops over the same weeks (`GET …/peer-gains`); a median from fewer than
 * 5 is withheld by the server and said so here.
 */
export function TrendGains(props: { answer: PeerGainsAnswer; labels: Record<TrendKpi, string> }) {
  const { t } = useI18n();
  const m = useMessages(messages);
  const a = props.answer;
  return (
    <section class="owner-block" aria-labelledby="gains-title" data-testid="peer-gains">
      <h2 id="gains-title">{m.gainsTitle}</h2>
      {!a.kpis || !a.windows || !a.stage ? (
        <p class="note">{a.reason === 'stage_too_recent' ? m.gainsTooRecent : m.gainsNoStage}</p>
      ) : (
        <>
          <p class="note">
            {m.gainsIntro(
              a.stage.stage,
              a.windows.before.from,
              a.windows.before.to,
              a.windows.after.from,
              a.windows.after.to,
            )}
          </p>
          <ScrollBox>
            <table class="wrap">
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">{m.gainsMine}</th>
                  <th scope="col">{m.gainsPeers}</th>
                </tr>
              </thead>
              <tbody>
                {(Object.keys(props.labels) as TrendKpi[]).map((k) => {
                  const g = a.kpis?.[k];
                  if (!g) return null;
                  return (
                    <tr key={k} data-kpi={k} data-withheld={String(g.peers.withheld)}>
                      <th scope="row">{props.labels[k]}</th>
                      <td>{g.own ? signedPercent(t.locale, g.own.change) : m.none}</td>
                      <td>
                        {g.peers.withheld || g.peers.median === null
                          ? m.peersWithheld(g.peers.n)
                          : `${signedPercent(t.locale, g.peers.median)} (N = ${g.peers.n})`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
          <p class="foot">
            {t.formulaVersion} {a.formulaVersion}
          </p>
        </>
      )}
    </section>
  );
}

import type { KpiKey, ProgrammeGroup, ProgrammeKpisAnswer } from '@gongbang/collector';
import type { Catalog } from '../i18n/define';
import { CsvButton } from './csv-button';
import { num, pct } from './format';
import type { EvaluatorMessages } from './messages';
import { industryName } from './names';

type T = Catalog<EvaluatorMessages>;
export const GROUPS = ['industry', 'stage', 'cluster'] as const;

/** A KPI value in its unit: ratios as percent, the rest as numbers. */
export function kpiText(locale: string, unit: string, v: number | null): string {
  return unit === 'ratio' ? pct(locale, v) : num(locale, v, 2);
}

function groupName(t: T, by: (typeof GROUPS)[number], key: string): string {
  if (by === 'industry') return industryName(t, key);
  if (by === 'stage') return t.stageName(key === 'none' ? null : Number(key));
  return key === 'none' ? t.noCluster : key;
}

/** One group table of the KPI page: per group, workshops, N, coverage and the quartiles of one KPI. */
export function GroupTable(props: {
  by: (typeof GROUPS)[number];
  groups: ProgrammeGroup[];
  kpi: KpiKey;
  unit: string;
  answer: ProgrammeKpisAnswer;
  t: T;
  locale: string;
}) {
  const { t, by, kpi, locale } = props;
  const id = `kpi-by-${by}`;
  return (
    <section aria-labelledby={`${id}-title`} class="block">
      <h2 id={`${id}-title`}>{t.groupBy[by]}</h2>
      <div class="table-wrap">
        <table data-testid={id}>
          <caption>{t.groupCaption(t.groupBy[by], t.kpiNames[kpi])}</caption>
          <thead>
            <tr>
              <th scope="col">{by === 'industry' ? t.industry : by === 'stage' ? t.stage : t.cluster}</th>
              <th scope="col">{t.workshops}</th>
              <th scope="col">{t.nWithValue}</th>
              <th scope="col">{t.coverageMedian}</th>
              <th scope="col">{t.q1}</th>
              <th scope="col">{t.median}</th>
              <th scope="col">{t.q3}</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => {
              const q = g.kpis[kpi];
              return (
                <tr key={g.key}>
                  <th scope="row">{groupName(t, by, g.key)}</th>
                  <td class="num">{g.workshops}</td>
                  <td class="num" data-col="n">
                    {q.n}
                  </td>
                  <td class="num">
                    {g.coverage.n === 0 ? t.dash : `${pct(locale, g.coverage.median)} (${g.coverage.n})`}
                  </td>
                  <td class="num">{kpiText(locale, props.unit, q.q1)}</td>
                  <td class="num">{kpiText(locale, props.unit, q.median)}</td>
                  <td class="num">{kpiText(locale, props.unit, q.q3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <CsvButton
        filename={`programme-kpis-by-${by}-${props.answer.from}-${props.answer.to}.csv`}
        label={t.csv}
        describedBy={`${id}-title`}
        header={[
          by,
          'workshops',
          'coverage_median',
          'coverage_n',
          'kpi',
          'n',
          'q1',
          'median',
          'q3',
          'coverage_threshold',
          'formula_version',
        ]}
        rows={() =>
          props.groups.flatMap((g) =>
            (Object.keys(g.kpis) as KpiKey[]).map((k) => [
              g.key,
              g.workshops,
              g.coverage.median,
              g.coverage.n,
              k,
              g.kpis[k].n,
              g.kpis[k].q1,
              g.kpis[k].median,
              g.kpis[k].q3,
              props.answer.coverageThreshold,
              props.answer.formulaVersion,
            ]),
          )
        }
      />
    </section>
  );
}

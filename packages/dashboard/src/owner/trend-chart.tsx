import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, SERIES_COLOURS } from '../shared/chart';

/** One weekly series of the chart: its label, values (ratios 0–1, or units per worker-hour), and scale. */
export interface TrendSeries {
  label: string;
  values: (number | null)[];
  scale: 'ratio' | 'rate';
}

const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 3], undefined, [8, 3, 2, 3]];

/**
 * Weekly lines with a vertical mark at each stage start: colours from Okabe–Ito and a different
 * dash per line, so they stay apart without colour. Ratios on the left axis in percent, labour
 * productivity on the right.
 */
export function TrendChart(props: {
  weeksMs: number[];
  series: TrendSeries[];
  stages: { ms: number; label: string }[];
  locale: string;
  label: string;
  /** The x series' name in the legend (the week). */
  xLabel: string;
}) {
  const { stages, locale } = props;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const date = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'Asia/Seoul' });
    return {
      scales: { x: { time: false }, ratio: { range: [0, 1.2] }, rate: {} },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => date.format(t * 1000)) },
        { scale: 'ratio', values: (_u, ticks) => ticks.map((t) => pct.format(t)) },
        { scale: 'rate', side: 1, grid: { show: false }, values: (_u, ticks) => ticks.map((t) => num.format(t)) },
      ],
      series: [
        { label: props.xLabel, value: (_u: uPlot, v: number | null) => (v === null ? '—' : date.format(v * 1000)) },
        ...props.series.map((s, k) => ({
          label: s.label,
          scale: s.scale,
          stroke: SERIES_COLOURS[k % SERIES_COLOURS.length],
          width: 2,
          dash: DASHES[k % DASHES.length],
          points: { show: true, size: 5 },
          spanGaps: false,
        })),
      ],
      legend: { show: true },
      hooks: {
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = '#1b1f24';
            ctx.fillStyle = '#1b1f24';
            ctx.setLineDash([4, 4]);
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            for (const st of stages) {
              const x = u.valToPos(st.ms / 1000, 'x', true);
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillText(st.label, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
    // The series' labels and the stages decide the chart's shape; the values only redraw it.
  }, [locale, stages, props.xLabel, props.series.map((s) => s.label).join('|')]);
  const data = useMemo<uPlot.AlignedData>(
    () => [props.weeksMs.map((ms) => ms / 1000), ...props.series.map((s) => s.values)],
    [props.weeksMs, props.series],
  );
  return <Chart options={options} data={data} label={props.label} height={240} testId="trend-chart" />;
}

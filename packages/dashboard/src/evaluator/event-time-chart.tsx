import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, SERIES_COLOURS } from '../shared/chart';

/**
 * A line with its confidence band (uPlot `bands` between the upper and lower series) over a
 * numeric x axis: event weeks on the gains page, weeks on a workshop's page. `y` values are
 * already on the scale shown (percent change or the outcome's unit); `format` labels the y axis.
 */
export function BandChart(props: {
  x: number[];
  y: (number | null)[];
  lower?: (number | null)[];
  upper?: (number | null)[];
  label: string;
  yLabel: string;
  bandLabel?: string;
  xLabel: string;
  format: (v: number) => string;
  xFormat?: (v: number) => string;
  /** x where a vertical dashed line marks the change (0 on the gains page). */
  marker?: number;
  /** Steps the x axis may take between ticks (whole weeks), in x units. */
  xIncrs: number[];
  /** What the line, the band and the marker are, shown under the chart (the uPlot legend is off: the table gives the values). */
  chartKey: string;
  testId?: string;
}) {
  const hasBand = props.lower !== undefined && props.upper !== undefined;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const [main, band] = [SERIES_COLOURS[0], SERIES_COLOURS[0]];
    const series: uPlot.Series[] = [
      { label: props.xLabel, value: (_u, v) => (v === null ? '—' : (props.xFormat ?? String)(v)) },
      {
        label: props.yLabel,
        stroke: main,
        width: 2,
        points: { show: true, size: 6 },
        value: (_u, v) => (v === null ? '—' : props.format(v)),
      },
    ];
    if (hasBand) {
      series.push(
        {
          label: props.bandLabel,
          stroke: band,
          width: 1,
          dash: [4, 4],
          value: (_u, v) => (v === null ? '—' : props.format(v)),
        },
        {
          label: props.bandLabel,
          stroke: band,
          width: 1,
          dash: [4, 4],
          value: (_u, v) => (v === null ? '—' : props.format(v)),
        },
      );
    }
    const marker = props.marker;
    return {
      scales: { x: { time: false } },
      series,
      bands: hasBand ? [{ series: [3, 2], fill: 'rgba(0, 114, 178, 0.18)' }] : [],
      axes: [
        {
          label: props.xLabel,
          incrs: props.xIncrs,
          values: (_u, vals) => vals.map((v) => (props.xFormat ?? String)(v)),
        },
        { label: props.yLabel, size: 70, values: (_u, vals) => vals.map((v) => props.format(v)) },
      ],
      legend: { show: false },
      hooks:
        marker === undefined
          ? {}
          : {
              // The zero line and the change, drawn under the series: where "no effect" and "the change" are.
              drawAxes: [
                (u: uPlot) => {
                  const ctx = u.ctx;
                  ctx.save();
                  ctx.strokeStyle = '#555';
                  ctx.lineWidth = 1;
                  ctx.setLineDash([2, 3]);
                  const x = u.valToPos(marker, 'x', true);
                  ctx.beginPath();
                  ctx.moveTo(x, u.bbox.top);
                  ctx.lineTo(x, u.bbox.top + u.bbox.height);
                  ctx.stroke();
                  ctx.restore();
                },
              ],
            },
    };
  }, [
    props.label,
    props.yLabel,
    props.xLabel,
    props.bandLabel,
    hasBand,
    props.marker,
    props.format,
    props.xFormat,
    props.xIncrs,
  ]);
  const data = useMemo<uPlot.AlignedData>(
    () =>
      (hasBand ? [props.x, props.y, props.lower ?? [], props.upper ?? []] : [props.x, props.y]) as uPlot.AlignedData,
    [props.x, props.y, props.lower, props.upper, hasBand],
  );
  return (
    <figure class="band-chart">
      <Chart options={options} data={data} height={260} label={props.label} testId={props.testId} />
      <figcaption class="meta">{props.chartKey}</figcaption>
    </figure>
  );
}

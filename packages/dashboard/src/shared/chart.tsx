import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * One uPlot chart (columnar data, no per-point objects), as wide as its box and redrawn when the
 * box or the data change. The chart is a picture for sighted readers: the page puts the same
 * figures in a table or a summary next to it, and `label` names the chart for screen readers.
 */
export function Chart(props: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const height = props.height ?? 220;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot({ ...props.options, width: Math.max(200, el.clientWidth), height }, props.data, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // A new set of options (series, scales) builds a new chart; new data only redraws.
  }, [props.options, height]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return <div class="chart" ref={box} role="img" aria-label={props.label} data-testid={props.testId} />;
}

/**
 * Colours that stay apart for the common colour-blind types (Okabe & Ito, 2008), in the order
 * series should take them; pair them with dashes or markers where two lines must be told apart.
 */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;

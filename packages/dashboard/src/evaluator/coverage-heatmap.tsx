import type { CoverageAnswer } from '@gongbang/collector';
import { useEffect, useRef, useState } from 'preact/hooks';
import { COVERAGE_BINS, coverageColour, EMPTY_COLOUR, MANUAL_COLOUR, pct } from './format';

const LABEL_W = 150;
const TOP = 22;

/** Row height in CSS px: readable labels for a few workshops, the whole programme on one screen for 400. */
function rowHeight(rows: number): number {
  return rows <= 40 ? 16 : rows <= 120 ? 6 : 3;
}

/**
 * The workshop × week coverage heatmap, drawn on one canvas: 400 workshops × 104 weeks are
 * 41,600 rectangles, which a canvas draws in a few milliseconds where as many DOM cells would
 * not. The picture is for sighted readers; the page gives the same figures as text and a table.
 */
export function CoverageHeatmap(props: {
  answer: CoverageAnswer;
  label: string;
  rowLabel: (row: number) => string;
  groupLabel: (row: number) => string;
  weekLabel: (week: string) => string;
  /** What one cell says on hover (workshop, week, coverage), for mouse users. */
  cellTitle: (row: number, column: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [title, setTitle] = useState('');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const { weeks, cells } = props.answer;
    const rows = cells.length;
    const rowH = rowHeight(rows);
    const cellW = Math.max(2, Math.floor((width - LABEL_W) / Math.max(1, weeks.length)));
    const w = LABEL_W + cellW * weeks.length;
    const h = TOP + rowH * rows + 1;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    c.style.width = `${w}px`;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, w, h);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';

    // Week labels, at least ~70 px apart.
    const every = Math.max(1, Math.ceil(70 / cellW));
    g.fillStyle = '#1b1f24';
    for (let k = 0; k < weeks.length; k += every) {
      g.fillText(props.weekLabel(weeks[k] as string), LABEL_W + k * cellW, TOP / 2);
    }
    for (let r = 0; r < rows; r++) {
      const row = cells[r] as CoverageAnswer['cells'][number];
      const y = TOP + r * rowH;
      for (let k = 0; k < row.length; k++) {
        const colour = coverageColour(row[k] ?? null);
        if (colour === EMPTY_COLOUR) continue;
        g.fillStyle = colour;
        g.fillRect(LABEL_W + k * cellW, y, cellW - (cellW > 3 ? 1 : 0), rowH - (rowH > 3 ? 1 : 0));
      }
    }
    // Row labels: each workshop when rows are tall enough, else each industry at its first row.
    g.fillStyle = '#1b1f24';
    g.strokeStyle = '#6b7785';
    g.lineWidth = 1;
    let lastGroup = '';
    for (let r = 0; r < rows; r++) {
      const y = TOP + r * rowH;
      const group = props.groupLabel(r);
      if (group !== lastGroup) {
        if (r > 0) {
          g.beginPath();
          g.moveTo(0, y + 0.5);
          g.lineTo(w, y + 0.5);
          g.stroke();
        }
        if (rowH < 12) g.fillText(group, 2, y + 7, LABEL_W - 6);
        lastGroup = group;
      }
      if (rowH >= 12) g.fillText(props.rowLabel(r), 2, y + rowH / 2, LABEL_W - 6);
    }
  }, [props.answer, width, props.rowLabel, props.groupLabel, props.weekLabel]);

  return (
    <div class="heatmap" ref={box}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={props.label}
        title={title}
        data-testid="coverage-heatmap"
        onMouseMove={(e) => {
          const { weeks, cells } = props.answer;
          const rowH = rowHeight(cells.length);
          const cellW = Math.max(2, Math.floor((width - LABEL_W) / Math.max(1, weeks.length)));
          const r = Math.floor((e.offsetY - TOP) / rowH);
          const k = Math.floor((e.offsetX - LABEL_W) / cellW);
          setTitle(r >= 0 && r < cells.length && k >= 0 && k < weeks.length ? props.cellTitle(r, k) : '');
        }}
      />
    </div>
  );
}

/** The legend of the heatmap's colours, in words (and the same swatches). */
export function CoverageLegend(props: { title: string; noData: string; manual: string; locale: string }) {
  const items = [
    ...COVERAGE_BINS.map((b, i) => {
      const next = COVERAGE_BINS[i + 1];
      const text = next
        ? `${pct(props.locale, b.min)} – ${pct(props.locale, next.min)}`
        : `≥ ${pct(props.locale, b.min)}`;
      return { colour: b.colour, text };
    }),
    { colour: MANUAL_COLOUR, text: props.manual },
    { colour: EMPTY_COLOUR, text: props.noData },
  ];
  return (
    <figure class="legend">
      <figcaption>{props.title}</figcaption>
      <ul>
        {items.map((i) => (
          <li key={i.text}>
            <span class="swatch" style={{ background: i.colour }} aria-hidden="true" />
            {i.text}
          </li>
        ))}
      </ul>
    </figure>
  );
}

import { diffLines } from 'diff';
import type { Catalog } from '../i18n/define';
import { ScrollBox } from '../shared/scroll-box';
import type { messages } from './messages';

type T = Catalog<(typeof messages)['ko']>;

/** One line of a diff: kept, added or removed. */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** The line diff from `before` to `after` (the `diff` package's Myers diff), one entry per line. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) out.push({ op, text });
  }
  return out;
}

/** Unchanged lines kept around each change; longer unchanged runs are folded into one line. */
const CONTEXT = 3;

type Shown = DiffLine | { op: 'fold'; count: number };

/** The diff with unchanged runs longer than 2 × {@link CONTEXT} folded, so a long config shows its changes. */
export function foldUnchanged(lines: readonly DiffLine[]): Shown[] {
  const out: Shown[] = [];
  const near = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op === ' ') return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(lines.length - 1, i + CONTEXT); k++) near[k] = true;
  });
  let folded = 0;
  lines.forEach((l, i) => {
    if (near[i]) {
      if (folded > 0) out.push({ op: 'fold', count: folded });
      folded = 0;
      out.push(l);
    } else folded++;
  });
  if (folded > 0) out.push({ op: 'fold', count: folded });
  return out;
}

/**
 * The edited config against the one the agent runs. `+` and `−` mark lines (not colour alone),
 * and the counts are said in words.
 */
export function ConfigDiff(props: { before: string | null; after: string; against: string; t: T }) {
  const { t } = props;
  if (props.before === null) return <p class="note">{t.diffNothing}</p>;
  const lines = lineDiff(props.before, props.after);
  const added = lines.filter((l) => l.op === '+').length;
  const removed = lines.filter((l) => l.op === '-').length;
  return (
    <div data-testid="config-diff" data-added={added} data-removed={removed}>
      <p class="note">{t.diffAgainst(props.against)}</p>
      {added + removed === 0 ? (
        <p class="note">{t.diffSame}</p>
      ) : (
        <>
          <p>{t.diffSummary(added, removed)}</p>
          <ScrollBox class="table-wrap" label={t.diffTitle}>
            <pre class="diff">
              {foldUnchanged(lines).map((l, i) =>
                l.op === 'fold' ? (
                  <span key={i} class="fold">
                    {`  ${t.diffFolded(l.count)}\n`}
                  </span>
                ) : (
                  <span key={i} class={l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same'}>
                    {l.op === '+' && <span class="visually-hidden">{t.diffAdded}: </span>}
                    {l.op === '-' && <span class="visually-hidden">{t.diffRemoved}: </span>}
                    {`${l.op === '-' ? '−' : l.op} ${l.text}\n`}
                  </span>
                ),
              )}
            </pre>
          </ScrollBox>
        </>
      )}
    </div>
  );
}

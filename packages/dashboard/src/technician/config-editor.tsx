import { useRef, useState } from 'preact/hooks';
import type { Catalog } from '../i18n/define';
import type { messages } from './messages';

type T = Catalog<(typeof messages)['ko']>;

/** Where a 1-based line starts in the text. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

/** The editor's handle: the page moves the caret to an issue's line. */
export interface EditorHandle {
  goToLine: (line: number) => void;
}

/**
 * A plain textarea with line numbers beside it and the caret's line and column said below it, so
 * an issue's "line 12" can be found; no code editor library (the technician's bundle stays small).
 */
export function ConfigEditor(props: {
  text: string;
  onChange: (text: string) => void;
  t: T;
  handle: { current: EditorHandle | null };
}) {
  const { t } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState({ line: 1, col: 1 });
  const lines = props.text.split('\n').length;

  const track = () => {
    const el = area.current;
    if (!el) return;
    const before = el.value.slice(0, el.selectionStart);
    const line = before.split('\n').length;
    setCaret({ line, col: before.length - before.lastIndexOf('\n') });
  };

  props.handle.current = {
    goToLine: (line) => {
      const el = area.current;
      if (!el) return;
      const start = lineStart(el.value, line);
      const end = el.value.indexOf('\n', start);
      el.focus();
      el.setSelectionRange(start, end < 0 ? el.value.length : end);
      // About 1.5em a line: bring the line into view inside the textarea.
      const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      el.scrollTop = Math.max(0, (line - 3) * lineHeight);
      track();
    },
  };

  return (
    <div class="editor">
      <label for="config-text">{t.editorLabel}</label>
      <div class="editor-box">
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join('')}
        </div>
        <textarea
          id="config-text"
          ref={area}
          value={props.text}
          rows={Math.max(12, Math.min(lines + 1, 32))}
          wrap="off"
          spellcheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-describedby="config-caret"
          onInput={(e) => {
            props.onChange(e.currentTarget.value);
            track();
          }}
          onKeyUp={track}
          onClick={track}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <p id="config-caret" class="foot" aria-live="off">
        {t.cursorAt(caret.line, caret.col)}
      </p>
    </div>
  );
}

import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from 'yaml';

/** A problem with the config text: its line (1-based) when known, the path inside the config, what is wrong. */
export interface LineIssue {
  line: number | null;
  path: string;
  message: string;
}

/** The text as a config: the value when it parses, or the YAML syntax errors at their lines. */
export type ParsedConfig =
  | { ok: true; config: unknown; lineOf: (path: string) => number | null }
  | { ok: false; issues: LineIssue[] };

/** The YAML the editor starts from: the config as stored, keys in their order. */
export function toYaml(config: unknown): string {
  return stringify(config, { lineWidth: 0 });
}

/**
 * Splits a path as the collector writes it (`inputs[0].rules[2].id`, `(root)`) into keys and
 * indexes (packages/shared `formatPath`).
 */
export function splitPath(path: string): Array<string | number> {
  if (path === '(root)' || path === '') return [];
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/**
 * Parses the editor's text and gives a way to find the line of an issue's path: the line of the
 * deepest node the path reaches (a key's own line for a map entry, so an unknown or wrong key
 * points at itself; a missing key points at its parent).
 */
export function parseConfig(text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        path: '',
        message: e.message.split('\n')[0] ?? e.code,
      })),
    };
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);
  const lineOf = (path: string): number | null => {
    let node: unknown = doc.contents;
    let line = lineAt((doc.contents as Node | null)?.range?.[0]);
    for (const key of splitPath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        line = lineAt((pair.key as Node | null)?.range?.[0]) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        line = lineAt(item.range?.[0]) ?? line;
        node = item;
      } else break;
    }
    return line;
  };
  return { ok: true, config: doc.toJS(), lineOf };
}

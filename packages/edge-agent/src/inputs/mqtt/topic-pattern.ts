/** A topic pattern with `{name}` single-level placeholders and an optional trailing `#`. */
export interface TopicPattern {
  /** MQTT subscription filter (`{name}` → `+`). */
  filter: string;
  names: string[];
  levels: string[];
}

export function compilePattern(pattern: string): TopicPattern {
  const levels = pattern.split('/');
  const names: string[] = [];
  const filter = levels
    .map((l) => {
      const m = /^\{([A-Za-z0-9_]+)\}$/.exec(l);
      if (m) {
        names.push(m[1]!);
        return '+';
      }
      return l;
    })
    .join('/');
  return { filter, names, levels };
}

/** Matches a concrete topic; returns the placeholder values or null. Pure. */
export function matchTopic(p: TopicPattern, topic: string): Record<string, string> | null {
  const parts = topic.split('/');
  const out: Record<string, string> = {};
  for (let i = 0; i < p.levels.length; i++) {
    const l = p.levels[i]!;
    if (l === '#') return out;
    const part = parts[i];
    if (part === undefined) return null;
    const m = /^\{([A-Za-z0-9_]+)\}$/.exec(l);
    if (m) {
      if (part === '') return null;
      out[m[1]!] = part;
    } else if (l !== part) return null;
  }
  return parts.length === p.levels.length ? out : null;
}

/** True when an MQTT filter (`+`, `#`) covers a topic (MQTT 3.1.1 §4.7). */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

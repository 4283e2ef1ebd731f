// Compares two V8 heap snapshots (.heapsnapshot, as written by --heapsnapshot-signal): the
// self size and count of objects per constructor name, and what grew most between them.
import { readFileSync } from 'node:fs';

/** Bytes and count of the objects of one constructor (or V8 type) in a snapshot. */
export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Groups the nodes of a snapshot by type and name (`object:Map`, `string`, `code`…). */
export function summarizeHeapSnapshot(file: string): Map<string, HeapGroup> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [iType, iName, iSize, width] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size'), f.length];
  const out = new Map<string, HeapGroup>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!]!;
    // Names of strings and code objects are their contents: group those by type only.
    const key =
      type === 'object' || type === 'closure' || type === 'native' ? `${type}:${s.strings[s.nodes[i + iName]!]}` : type;
    const g = out.get(key) ?? { name: key, count: 0, bytes: 0 };
    g.count++;
    g.bytes += s.nodes[i + iSize]!;
    out.set(key, g);
  }
  return out;
}

/** The `top` groups that grew most in bytes from `before` to `after`, and the totals. */
export function diffHeapSnapshots(before: string, after: string, top = 15) {
  const a = summarizeHeapSnapshot(before);
  const b = summarizeHeapSnapshot(after);
  const total = (m: Map<string, HeapGroup>) => [...m.values()].reduce((n, g) => n + g.bytes, 0);
  const grew = [...b.values()]
    .map((g) => {
      const old = a.get(g.name) ?? { count: 0, bytes: 0 };
      return { name: g.name, countDelta: g.count - old.count, bytesDelta: g.bytes - old.bytes, bytes: g.bytes };
    })
    .sort((x, y) => y.bytesDelta - x.bytesDelta)
    .slice(0, top);
  return { beforeMiB: +(total(a) / 2 ** 20).toFixed(2), afterMiB: +(total(b) / 2 ** 20).toFixed(2), grew };
}

import type { ScanReading } from '@gongbang/shared';
import type { OpenOrder } from './carry.js';

/** An order's stay on one scope (a machine, or '' for the workshop) within the day. */
export interface OrderSpan extends OpenOrder {
  scope: string;
  /** When it ended (UTC ms); null while still open at the day's end. */
  endMs: number | null;
}

const START_WORDS = new Set(['start', 'begin', 'open', 's', '시작', '착수']);
const END_WORDS = new Set(['end', 'finish', 'done', 'complete', 'close', 'e', '완료', '종료']);

/** The order id a work-order scan names: the rule's `order` (or `ticket`, `wo`) field, else the text. */
export function orderIdOf(scan: ScanReading): string | null {
  const f = scan.fields;
  const id = f.order ?? f.ticket ?? f.wo ?? scan.text;
  return id && id.length > 0 ? id : null;
}

/**
 * Turns work-order scans into order spans. A scan says start or end through the rule's `action`
 * field; without it, the scan of the order open on its scope ends it and any other order's scan
 * starts one. A scope holds one order at a time: starting another ends the open one.
 * An end scan of an order open on another scope ends it there (the finished job is carried to a
 * packing table). Pure.
 */
export function orderSpans(
  open: Readonly<Record<string, OpenOrder>>,
  scans: readonly { scan: ScanReading; scope: string }[],
  dayStartMs: number,
  maxOpenDays: number,
): { spans: OrderSpan[]; open: Record<string, OpenOrder> } {
  const spans: OrderSpan[] = [];
  const current = new Map<string, OrderSpan>();
  const expiry = dayStartMs - maxOpenDays * 86_400_000;
  for (const [scope, o] of Object.entries(open)) {
    if (o.startMs < expiry) continue;
    const span: OrderSpan = { ...o, scope, endMs: null };
    spans.push(span);
    current.set(scope, span);
  }
  for (const { scan, scope } of scans) {
    const id = orderIdOf(scan);
    if (id === null) continue;
    const action = scan.fields.action?.trim().toLowerCase();
    const here = current.get(scope);
    const wantsEnd = action !== undefined && END_WORDS.has(action);
    const wantsStart = action !== undefined && START_WORDS.has(action);
    if (wantsEnd || (!wantsStart && here?.order === id)) {
      const target = here?.order === id ? here : [...current.values()].find((s) => s.order === id && s.endMs === null);
      if (target) {
        target.endMs = scan.ts;
        current.delete(target.scope);
      }
      continue;
    }
    if (here?.order === id) continue; // a repeated start keeps the first
    if (here) {
      here.endMs = scan.ts;
      current.delete(scope);
    }
    const span: OrderSpan = {
      scope,
      order: id,
      product: scan.fields.product ?? null,
      operation: scan.fields.operation ?? null,
      startMs: scan.ts,
      endMs: null,
    };
    spans.push(span);
    current.set(scope, span);
  }
  const stillOpen: Record<string, OpenOrder> = {};
  for (const [scope, s] of current) {
    stillOpen[scope] = { order: s.order, product: s.product, operation: s.operation, startMs: s.startMs };
  }
  return { spans, open: stillOpen };
}

/** Finds the order open on a scope at an instant. */
export class OrderIndex {
  private readonly byScope = new Map<string, OrderSpan[]>();

  constructor(spans: readonly OrderSpan[]) {
    for (const s of spans) {
      const list = this.byScope.get(s.scope) ?? [];
      list.push(s);
      this.byScope.set(s.scope, list);
    }
  }

  /** The order open on `scope` at `t`. */
  on(scope: string, t: number): OrderSpan | undefined {
    return this.byScope.get(scope)?.find((s) => s.startMs <= t && (s.endMs === null || t < s.endMs));
  }

  /** The machine's own order at `t`, else the workshop's. */
  at(machine: string, t: number): OrderSpan | undefined {
    return this.on(machine, t) ?? this.on('', t);
  }

  /** Instants where the order state of the machine's scope or the workshop's changes. */
  edges(machine: string): number[] {
    const out: number[] = [];
    for (const scope of [machine, '']) {
      for (const s of this.byScope.get(scope) ?? []) {
        out.push(s.startMs);
        if (s.endMs !== null) out.push(s.endMs);
      }
    }
    return out;
  }
}

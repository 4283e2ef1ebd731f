import { z } from 'zod';
import { HttpError, parseOrThrow, type Role } from '../core/index.js';
import { readSafeCsv, writeSafeCsv } from '../csv/index.js';
import {
  type Calendar,
  type Product,
  type StageEntry,
  type Workshop,
  WorkshopPatchSchema,
} from '../registry/schemas.js';
import type { Registry } from './registry.js';

/** The registry as one JSON document (no secrets: no password or token hashes). */
export interface RegistryExport {
  format: 'gongbang-registry';
  version: 1;
  exportedAt: string;
  workshops: Array<
    Omit<Workshop, 'createdAt'> & { stages: StageEntry[]; calendar: Calendar | null; products: Product[] }
  >;
  users: Array<{ username: string; role: string; workshopIds: string[] }>;
  agents: Array<{ id: string; workshopId: string; lastSeenAt: string | null; version: string | null }>;
}

/** Tables that travel as CSV, one file each. */
export const CSV_TABLES = ['workshops', 'stages', 'operations', 'users'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

const COLUMNS: Record<CsvTable, string[]> = {
  workshops: ['id', 'nameKo', 'nameEn', 'industry', 'cluster', 'headcount'],
  stages: ['workshopId', 'stage', 'startedOn', 'level', 'measurementStartedOn'],
  operations: ['workshopId', 'productId', 'productName', 'operationId', 'operationName', 'pruS'],
  users: ['username', 'role', 'workshopIds'],
};

export async function exportRegistry(registry: Registry): Promise<RegistryExport> {
  const workshops: RegistryExport['workshops'] = [];
  for (const w of await registry.workshops.list()) {
    const { createdAt: _c, ...rest } = w;
    workshops.push({
      ...rest,
      stages: await registry.workshops.stages(w.id),
      calendar: (await registry.calendars.get(w.id)) ?? null,
      products: await registry.products.list(w.id),
    });
  }
  const users = (await registry.users.list()).map((u) => ({
    username: u.username,
    role: u.role,
    workshopIds: u.workshopIds,
  }));
  const agents = (await registry.agents.list()).map((a) => ({
    id: a.id,
    workshopId: a.workshopId,
    lastSeenAt: a.lastSeenAt,
    version: a.version,
  }));
  return { format: 'gongbang-registry', version: 1, exportedAt: new Date().toISOString(), workshops, users, agents };
}

/** Rows of one CSV table, header first. */
export async function exportCsv(registry: Registry, table: CsvTable): Promise<string> {
  const doc = await exportRegistry(registry);
  let rows: Record<string, unknown>[] = [];
  if (table === 'workshops') rows = doc.workshops.map(({ stages: _s, calendar: _c, products: _p, ...w }) => w);
  if (table === 'stages') rows = doc.workshops.flatMap((w) => w.stages.map((s) => ({ workshopId: w.id, ...s })));
  if (table === 'operations') {
    rows = doc.workshops.flatMap((w) =>
      w.products.flatMap((p) =>
        p.operations.map((o) => ({
          workshopId: w.id,
          productId: p.id,
          productName: p.name,
          operationId: o.id,
          operationName: o.name,
          pruS: o.pruS,
        })),
      ),
    );
  }
  if (table === 'users') rows = doc.users.map((u) => ({ ...u, workshopIds: u.workshopIds.join(';') }));
  // Formula-like text (a workshop named `=cmd|…`) is neutralised; headcount and PRU stay numbers.
  return writeSafeCsv(rows, COLUMNS[table]);
}

/** What an import did. */
export interface ImportSummary {
  created: number;
  updated: number;
}

async function upsertWorkshop(registry: Registry, w: Record<string, unknown>, s: ImportSummary): Promise<void> {
  const id = String(w.id ?? '');
  if (await registry.workshops.find(id)) {
    const { id: _id, stages: _s, calendar: _c, products: _p, createdAt: _ca, ...patch } = w;
    await registry.workshops.update(id, parseOrThrow(WorkshopPatchSchema, patch));
    s.updated++;
  } else {
    const { stages: _s, calendar: _c, products: _p, createdAt: _ca, ...input } = w;
    await registry.workshops.create(input as never);
    s.created++;
  }
}

async function ensureUser(
  registry: Registry,
  u: { username: string; role: string; workshopIds: string[] },
  s: ImportSummary,
) {
  if (await registry.users.findByUsername(u.username)) return;
  // Imported users have no password: an admin sets one (admin user set-password) before they can sign in.
  await registry.users.create({
    username: u.username,
    role: u.role as Role,
    workshopIds: u.workshopIds,
  });
  s.created++;
}

const DocSchema = z.looseObject({ format: z.literal('gongbang-registry'), version: z.literal(1) });

/** Imports a JSON export: workshops (with stages, calendars, products) are created or updated; missing users and agents are created. */
export async function importRegistry(registry: Registry, doc: unknown): Promise<ImportSummary> {
  const d = parseOrThrow(DocSchema, doc) as unknown as Partial<RegistryExport>;
  const s: ImportSummary = { created: 0, updated: 0 };
  for (const w of d.workshops ?? []) {
    await upsertWorkshop(registry, w as unknown as Record<string, unknown>, s);
    for (const st of w.stages ?? []) await registry.workshops.setStage(w.id, st);
    if (w.calendar) await registry.calendars.set(w.id, w.calendar);
    for (const p of w.products ?? []) await registry.products.put(w.id, p);
  }
  for (const u of d.users ?? []) await ensureUser(registry, u, s);
  for (const a of d.agents ?? []) {
    if (!(await registry.agents.find(a.id))) {
      await registry.agents.create(a.id, a.workshopId);
      s.created++;
    }
  }
  return s;
}

const blank = (v: unknown) => (v === undefined || v === '' ? null : v);

/**
 * Imports one CSV table (header row with the export's column names). Reads back what
 * `exportCsv` wrote: the quote that neutralised a formula-like cell is dropped again.
 */
export async function importCsv(registry: Registry, table: CsvTable, text: string): Promise<ImportSummary> {
  const rows = readSafeCsv(text);
  const s: ImportSummary = { created: 0, updated: 0 };
  for (const [i, r] of rows.entries()) {
    try {
      if (table === 'workshops') {
        const headcount = blank(r.headcount);
        await upsertWorkshop(
          registry,
          { ...r, cluster: blank(r.cluster), headcount: headcount === null ? null : Number(headcount) },
          s,
        );
      } else if (table === 'stages') {
        await registry.workshops.setStage(r.workshopId ?? '', {
          stage: Number(r.stage),
          startedOn: r.startedOn,
          level: r.level,
          measurementStartedOn: blank(r.measurementStartedOn),
        });
        s.updated++;
      } else if (table === 'operations') {
        const wid = r.workshopId ?? '';
        const existing = (await registry.products.list(wid)).find((p) => p.id === r.productId);
        const ops = (existing?.operations ?? []).filter((o) => o.id !== r.operationId);
        ops.push({ id: r.operationId ?? '', name: r.operationName ?? '', pruS: Number(r.pruS) });
        await registry.products.put(wid, { id: r.productId, name: r.productName || existing?.name, operations: ops });
        s.updated++;
      } else {
        const workshopIds = (r.workshopIds ?? '').split(';').filter(Boolean);
        await ensureUser(registry, { username: r.username ?? '', role: r.role ?? '', workshopIds }, s);
      }
    } catch (err) {
      // Row 1 is the header: data rows start at line 2.
      if (err instanceof HttpError)
        throw new HttpError(err.code, `${table}.csv line ${i + 2}: ${err.message}`, err.extra);
      throw err;
    }
  }
  return s;
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays, daysBetween, type SimWorkshop } from '../model/programme.js';
import type { ManualEntry } from '../model/workshop.js';
import type { CollectorClient } from './client.js';

const enc = encodeURIComponent;

/**
 * Creates (or finds) a workshop and everything the KPI engine reads about it: calendar,
 * products with PRU, machines with count channels and scanners, the stage history. Every call
 * is a PUT or a create that answers 409 when the thing exists, so a second run changes nothing.
 */
export async function ensureWorkshop(api: CollectorClient, w: SimWorkshop): Promise<void> {
  await api.call(
    'POST',
    '/api/v1/workshops',
    {
      id: w.id,
      nameKo: w.nameKo,
      nameEn: w.nameEn,
      industry: w.industry,
      cluster: w.cluster,
      headcount: w.workers.length,
    },
    { expect: [201, 409] },
  );
  const ws = `/api/v1/workshops/${enc(w.id)}`;
  await api.call('PUT', `${ws}/calendar`, w.calendar);
  for (const p of w.products) {
    await api.call('PUT', `${ws}/products/${enc(p.id)}`, {
      name: p.name,
      operations: Object.entries(p.pruS).map(([id, pruS]) => ({ id, name: id, pruS })),
    });
  }
  for (const m of w.machines) {
    const counts =
      w.counting === 'counter'
        ? (['pieces', 'scrap', 'rework'] as const).map((channel) => ({
            source: m.source,
            channel,
            meaning: channel === 'pieces' ? 'produced' : channel,
          }))
        : [];
    await api.call('PUT', `${ws}/machines/${enc(m.id)}`, {
      name: m.name,
      defaultPruS: m.defaultPruS,
      counts,
      scanners: [m.scanner],
    });
  }
  for (const s of w.stages) {
    await api.call('PUT', `${ws}/stages/${s.stage}`, {
      startedOn: s.startedOn,
      level: s.level,
      measurementStartedOn: s.stage === 1 ? s.startedOn : null,
    });
  }
}

/** Imports the stage-0 paper log as CSV, unless entries of that range are already there (a rerun). */
export async function ensureManualEntries(
  api: CollectorClient,
  w: SimWorkshop,
  entries: ManualEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const ws = `/api/v1/workshops/${enc(w.id)}`;
  const from = entries[0]!.day;
  const to = entries[entries.length - 1]!.day;
  for (let a = from; a <= to; a = addDays(a, 366)) {
    const b = daysBetween(a, to) > 365 ? addDays(a, 365) : to;
    const r = await api.call('GET', `${ws}/manual-entries?from=${a}&to=${b}`);
    if (((r.body as { entries?: unknown[] }).entries ?? []).length > 0) return 0;
  }
  const lines = ['day,pq,sq,rq,hours,note'];
  for (const e of entries) lines.push(`${e.day},${e.pq},${e.sq},${e.rq},${e.hours},작업일지 (gongbang-sim)`);
  for (let k = 1; k < lines.length; k += 9_000) {
    const chunk = [lines[0], ...lines.slice(k, k + 9_000)].join('\n');
    await api.call('POST', `${ws}/manual-entries/import`, `${chunk}\n`, { contentType: 'text/csv; charset=utf-8' });
  }
  return entries.length;
}

/**
 * The agent's token: kept in `<dir>/agent-token` (0600) after the first run. A new agent is
 * enrolled as a technician would (a one-time code, then the agent's exchange); a known agent
 * whose token file is gone gets a rotated token.
 */
export async function ensureAgentToken(api: CollectorClient, w: SimWorkshop, dir: string): Promise<string> {
  const file = path.join(dir, 'agent-token');
  const kept = await readFile(file, 'utf8').catch(() => null);
  if (kept?.trim()) return kept.trim();
  const found = await api.call('GET', `/api/v1/agents/${enc(w.agentId)}`, undefined, { expect: [200, 404] });
  let token: string;
  // An admin asking for an unknown agent gets 200 with an empty body (collector issue): check the id.
  if (found.status === 200 && (found.body as { id?: string } | null)?.id === w.agentId) {
    const r = await api.call('POST', `/api/v1/agents/${enc(w.agentId)}/token/rotate`);
    token = (r.body as { token: string }).token;
  } else {
    const code = await api.call('POST', `/api/v1/workshops/${enc(w.id)}/enrollment-codes`, {
      agentId: w.agentId,
      ttlMinutes: 60,
    });
    const grant = await api.call('POST', '/api/v1/enroll', {
      code: (code.body as { code: string }).code,
      agentVersion: 'gongbang-sim',
    });
    token = (grant.body as { token: string }).token;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * The owner's calls, on the collector's own answer types (type-only imports, erased at build).
 * Every path names the workshop; the server answers 404 for one outside the owner's scope.
 */
import type {
  DescriptiveAnswer,
  KpiAnswer,
  MachineStatesAnswer,
  ManualEntry,
  PeerGainsAnswer,
  PlannedDay,
  StageEntry,
  StopReasonAssignment,
  StopReasonCode,
  StopsAnswer,
} from '@gongbang/collector';
import { api, qs, seg } from '../shared/api';

export type {
  DescriptiveAnswer,
  KpiAnswer,
  MachineStatesAnswer,
  ManualEntry,
  PeerGainsAnswer,
  PlannedDay,
  StageEntry,
  StopReasonAssignment,
  StopReasonCode,
};

const ws = (id: string) => `/api/v1/workshops/${seg(id)}`;

/** UTC ms of 00:00 KST of a day (YYYY-MM-DD). */
export const kstDayStartMs = (day: string): number => Date.parse(`${day}T00:00:00+09:00`);

/** A KST day's KPIs of the whole workshop, hour by hour. */
export const dayKpis = (id: string, day: string) =>
  api.get<KpiAnswer>(`${ws(id)}/kpis${qs({ granularity: 'hour', from: day, to: day })}`);

/** A KST day's KPIs per machine (cycle times). */
export const machineKpis = (id: string, day: string) =>
  api.get<KpiAnswer>(`${ws(id)}/kpis${qs({ granularity: 'day', by: 'machine', from: day, to: day })}`);

/** Weekly KPIs with the anonymous median of similar workshops over the same range. */
export const weeklyKpis = (id: string, from: string, to: string) =>
  api.get<KpiAnswer>(`${ws(id)}/kpis${qs({ granularity: 'week', from, to, peers: true })}`);

export const machineStates = (id: string, day: string) =>
  api.get<MachineStatesAnswer>(`${ws(id)}/machine-states${qs({ day })}`);

export const plan = (id: string, from: string, to: string) =>
  api.get<{ days: PlannedDay[] }>(`${ws(id)}/calendar/plan${qs({ from, to })}`);

export const stages = (id: string) => api.get<{ stages: StageEntry[] }>(`${ws(id)}/stages`);

/** Every stop of a KST day, minor ones included (they are shown apart). */
export const stops = (id: string, day: string) =>
  api.get<StopsAnswer>(`${ws(id)}/stops${qs({ from: day, to: day, minor: true })}`);

/** Reasons given through the API to the day's stops (seen before the KPI engine recomputes the day). */
export const stopReasons = (id: string, day: string) =>
  api.get<{ reasons: StopReasonAssignment[] }>(
    `${ws(id)}/stop-reasons${qs({ from: kstDayStartMs(day), to: kstDayStartMs(day) + 86_400_000 })}`,
  );

export const classifyStop = (
  id: string,
  body: { machineId: string; startMs: number; endMs: number; reason: StopReasonCode },
) => api.put<StopReasonAssignment>(`${ws(id)}/stops/reason`, body);

export const descriptive = (id: string, transition: string) =>
  api.get<DescriptiveAnswer>(`${ws(id)}/evaluation/descriptive${qs({ transition, outcome: 'labour_productivity' })}`);

export const manualEntries = (id: string, from: string, to: string) =>
  api.get<{ entries: ManualEntry[] }>(`${ws(id)}/manual-entries${qs({ from, to })}`);

/** A manual entry as the form sends it (the collector's schema checks it and names bad fields). */
export interface ManualEntryBody {
  day: string;
  shift?: number | null;
  machineId?: string | null;
  productId?: string | null;
  workerId?: string | null;
  pq: number;
  sq?: number;
  rq?: number;
  workS?: number | null;
  note?: string | null;
}

export const addManualEntry = (id: string, body: ManualEntryBody) =>
  api.post<ManualEntry>(`${ws(id)}/manual-entries`, body);

export const deleteManualEntry = (id: string, entryId: string) =>
  api.delete<void>(`${ws(id)}/manual-entries/${seg(entryId)}`);

/** The workshop's change of each KPI since its latest stage start beside the median change of similar workshops. */
export const peerGains = (id: string) => api.get<PeerGainsAnswer>(`${ws(id)}/peer-gains`);

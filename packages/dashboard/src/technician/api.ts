/**
 * The technician's calls: workshops, agents and their health readings, enrollment codes and the
 * remote config. Answer types are the collector's own (type-only import, erased at build).
 */
import type {
  Agent,
  AgentConfigAnswer,
  ConfigValidation,
  EnrollmentCodeInfo,
  GapReading,
  HealthReading,
  IssuedEnrollmentCode,
  ReadingKind,
  ReadingsAnswer,
  ShownConfigVersion,
  Workshop,
} from '@gongbang/collector';
import { api, qs, seg } from '../shared/api';

export type {
  Agent,
  AgentConfigAnswer,
  ConfigValidation,
  EnrollmentCodeInfo,
  GapReading,
  HealthReading,
  IssuedEnrollmentCode,
  ShownConfigVersion,
  Workshop,
};

/** A reading as the readings route answers it: with the agent that sent it. */
export type AgentReading<K extends ReadingKind = ReadingKind> = ReadingsAnswer['readings'][number] & { kind: K };

export const workshops = () => api.get<{ workshops: Workshop[] }>('/api/v1/workshops').then((r) => r.workshops);

export const workshop = (id: string) => api.get<Workshop>(`/api/v1/workshops/${seg(id)}`);

export const workshopAgents = (id: string) =>
  api.get<{ agents: Agent[] }>(`/api/v1/workshops/${seg(id)}/agents`).then((r) => r.agents);

export const agent = (id: string) => api.get<Agent>(`/api/v1/agents/${seg(id)}`);

/** One page of a workshop's readings of one kind in [fromMs, toMs). */
export function readings<K extends ReadingKind>(
  workshopId: string,
  kind: K | undefined,
  fromMs: number,
  toMs: number,
  limit: number,
): Promise<{ readings: AgentReading<K>[]; more: boolean }> {
  return api
    .get<ReadingsAnswer>(`/api/v1/readings${qs({ workshop: workshopId, kind, from: fromMs, to: toMs, limit })}`)
    .then((r) => ({ readings: r.readings as AgentReading<K>[], more: r.next !== null }));
}

export const enrollmentCodes = (workshopId: string) =>
  api
    .get<{ codes: EnrollmentCodeInfo[] }>(`/api/v1/workshops/${seg(workshopId)}/enrollment-codes`)
    .then((r) => r.codes);

export const createEnrollmentCode = (workshopId: string, body: { agentId?: string; ttlMinutes?: number }) =>
  api.post<IssuedEnrollmentCode>(`/api/v1/workshops/${seg(workshopId)}/enrollment-codes`, body);

export const revokeEnrollmentCode = (workshopId: string, codeId: string) =>
  api.delete<void>(`/api/v1/workshops/${seg(workshopId)}/enrollment-codes/${seg(codeId)}`);

export const agentConfig = (agentId: string) => api.get<AgentConfigAnswer>(`/api/v1/agents/${seg(agentId)}/config`);

export const agentConfigVersion = (agentId: string, version: number) =>
  api.get<ShownConfigVersion>(`/api/v1/agents/${seg(agentId)}/config/versions/${version}`);

export const validateAgentConfig = (agentId: string, config: unknown) =>
  api.post<ConfigValidation>(`/api/v1/agents/${seg(agentId)}/config/validate`, { config });

export const saveAgentConfig = (agentId: string, config: unknown) =>
  api.put<ShownConfigVersion>(`/api/v1/agents/${seg(agentId)}/config`, { config });

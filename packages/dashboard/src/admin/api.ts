/**
 * The admin's calls (users, workshops, stage history, calendar) and everyone's own account calls
 * (password, API tokens). Answer types are the collector's own (type-only imports).
 */
import type {
  ApiTokenInfo,
  Calendar,
  CreatedApiToken,
  Industry,
  StageEntry,
  User,
  Workshop,
  WorkshopWithStages,
} from '@gongbang/collector';
import { api, type Role, seg } from '../shared/api';

export type { ApiTokenInfo, Calendar, CreatedApiToken, Industry, StageEntry, User, Workshop, WorkshopWithStages };

/** The official smart-factory level of a stage entry. */
export type Level = StageEntry['level'];

/** What `POST /api/v1/users` takes; without a password the user cannot sign in until one is set. */
export interface NewUser {
  username: string;
  role: Role;
  workshopIds: string[];
  password?: string;
}

export const listUsers = () => api.get<{ users: User[] }>('/api/v1/users').then((r) => r.users);
export const getUser = (id: string) => api.get<User>(`/api/v1/users/${seg(id)}`);
export const createUser = (u: NewUser) => api.post<User>('/api/v1/users', u);
export const setUserWorkshops = (id: string, workshopIds: string[]) =>
  api.put<User>(`/api/v1/users/${seg(id)}/workshops`, { workshopIds });
export const resetPassword = (id: string, password: string) =>
  api.post<void>(`/api/v1/users/${seg(id)}/password`, { password });
export const disableUser = (id: string) => api.post<void>(`/api/v1/users/${seg(id)}/disable`);

/** What `POST /api/v1/workshops` takes (and, without `id`, what PATCH changes). */
export interface WorkshopFields {
  id: string;
  nameKo: string;
  nameEn: string;
  industry: Industry;
  cluster: string | null;
  headcount: number | null;
}

export const listWorkshops = () => api.get<{ workshops: Workshop[] }>('/api/v1/workshops').then((r) => r.workshops);
export const getWorkshop = (id: string) => api.get<WorkshopWithStages>(`/api/v1/workshops/${seg(id)}`);
export const createWorkshop = (w: WorkshopFields) => api.post<Workshop>('/api/v1/workshops', w);
export const updateWorkshop = (id: string, w: Omit<WorkshopFields, 'id'>) =>
  api.patch<Workshop>(`/api/v1/workshops/${seg(id)}`, w);
export const deleteWorkshop = (id: string) => api.delete<void>(`/api/v1/workshops/${seg(id)}`);
export const setStage = (id: string, e: StageEntry) =>
  api.put<StageEntry>(`/api/v1/workshops/${seg(id)}/stages/${e.stage}`, {
    startedOn: e.startedOn,
    level: e.level,
    measurementStartedOn: e.measurementStartedOn,
  });
export const removeStage = (id: string, stage: number) =>
  api.delete<void>(`/api/v1/workshops/${seg(id)}/stages/${stage}`);
/** The shift calendar; the API answers 404 while none is set. */
export const getCalendar = (id: string) => api.get<Calendar>(`/api/v1/workshops/${seg(id)}/calendar`);

export const listTokens = () => api.get<{ tokens: ApiTokenInfo[] }>('/api/v1/auth/api-tokens').then((r) => r.tokens);
export const createToken = (name: string) => api.post<CreatedApiToken>('/api/v1/auth/api-tokens', { name });
export const revokeToken = (id: string) => api.delete<void>(`/api/v1/auth/api-tokens/${seg(id)}`);
export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  api.post<void>('/api/v1/auth/password', { currentPassword, newPassword });

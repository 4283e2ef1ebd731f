import { ADMIN_PAGES } from './admin/pages';
import { EVALUATOR_PAGES } from './evaluator/pages';
import { OWNER_PAGES } from './owner/pages';
import type { Role } from './shared/api';
import type { PageDef } from './shared/pages';
import { TECHNICIAN_PAGES } from './technician/pages';

/** Every page of the app, by role folder. */
export const PAGES: readonly PageDef[] = [...OWNER_PAGES, ...TECHNICIAN_PAGES, ...EVALUATOR_PAGES, ...ADMIN_PAGES];

export function pagesOf(role: Role): PageDef[] {
  return PAGES.filter((p) => p.roles.includes(role));
}

/** Where a role lands after signing in: its first page. */
export function homeOf(role: Role): string | null {
  return pagesOf(role)[0]?.path ?? null;
}

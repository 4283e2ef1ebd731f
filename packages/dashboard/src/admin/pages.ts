import type { PageDef } from '../shared/pages';

/** The admin's pages (planned: docs/dashboard.md). */
export const ADMIN_PAGES: PageDef[] = [];

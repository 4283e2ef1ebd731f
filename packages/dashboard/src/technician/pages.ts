import type { PageDef } from '../shared/pages';

/** The technician's pages (planned: docs/dashboard.md). */
export const TECHNICIAN_PAGES: PageDef[] = [];

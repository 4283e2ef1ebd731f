import type { PageDef } from '../shared/pages';

/** The evaluator's pages (planned: docs/dashboard.md). */
export const EVALUATOR_PAGES: PageDef[] = [];

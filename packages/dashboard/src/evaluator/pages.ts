import type { PageDef } from '../shared/pages';

/** The evaluator's pages: the programme, its KPI tables, the stage gains and a workshop's before/after. */
export const EVALUATOR_PAGES: PageDef[] = [
  {
    path: '/evaluator/programme',
    roles: ['evaluator'],
    title: { ko: '사업 현황', en: 'Programme' },
    load: () => import('./programme-page').then((m) => m.ProgrammePage),
  },
  {
    path: '/evaluator/kpis',
    roles: ['evaluator'],
    title: { ko: 'KPI 표', en: 'KPI tables' },
    load: () => import('./kpis-page').then((m) => m.KpisPage),
  },
  {
    path: '/evaluator/gains',
    roles: ['evaluator'],
    title: { ko: '단계 효과', en: 'Stage gains' },
    load: () => import('./gains-page').then((m) => m.GainsPage),
  },
  {
    path: '/evaluator/workshops/:workshopId',
    roles: ['evaluator'],
    load: () => import('./workshop-page').then((m) => m.WorkshopPage),
  },
];

import type { PageDef } from '../shared/pages';

export const OWNER_PAGES: PageDef[] = [
  {
    path: '/owner/today',
    roles: ['owner'],
    title: { ko: '오늘', en: 'Today' },
    load: () => import('./today-page').then((m) => m.OwnerTodayPage),
  },
  {
    path: '/owner/stops',
    roles: ['owner'],
    title: { ko: '정지 사유', en: 'Stops' },
    load: () => import('./stops-page').then((m) => m.OwnerStopsPage),
  },
  {
    path: '/owner/trend',
    roles: ['owner'],
    title: { ko: '주간 추이', en: 'Trend' },
    load: () => import('./trend-page').then((m) => m.OwnerTrendPage),
  },
  {
    path: '/owner/entry',
    roles: ['owner'],
    title: { ko: '작업일지', en: 'Daily log' },
    load: () => import('./entry-page').then((m) => m.OwnerEntryPage),
  },
];

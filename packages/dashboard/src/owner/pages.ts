import type { PageDef } from '../shared/pages';

export const OWNER_PAGES: PageDef[] = [
  {
    path: '/owner/today',
    roles: ['owner'],
    title: { ko: '오늘', en: 'Today' },
    load: () => import('./today-page').then((m) => m.OwnerTodayPage),
  },
];

import type { PageDef } from '../shared/pages';

/**
 * The admin's pages, and `/account` (own password and API tokens), which every role has: the
 * API-token routes are open to every signed-in user. It comes last, so each role's home stays
 * its own first page.
 */
export const ADMIN_PAGES: PageDef[] = [
  {
    path: '/admin/users',
    roles: ['admin'],
    title: { ko: '사용자', en: 'Users' },
    load: () => import('./users-page').then((m) => m.UsersPage),
  },
  {
    path: '/admin/users/:userId',
    roles: ['admin'],
    load: () => import('./user-page').then((m) => m.UserPage),
  },
  {
    path: '/admin/workshops',
    roles: ['admin'],
    title: { ko: '작업장', en: 'Workshops' },
    load: () => import('./workshops-page').then((m) => m.WorkshopsPage),
  },
  {
    path: '/admin/workshops/:workshopId',
    roles: ['admin'],
    load: () => import('./workshop-page').then((m) => m.WorkshopPage),
  },
  {
    path: '/account',
    roles: ['admin', 'evaluator', 'technician', 'owner'],
    title: { ko: '내 계정', en: 'My account' },
    load: () => import('./account-page').then((m) => m.AccountPage),
  },
];

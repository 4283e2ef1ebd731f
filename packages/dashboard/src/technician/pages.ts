import type { PageDef } from '../shared/pages';

/** The technician's pages: workshops → a workshop's agents, inputs and enrollment → an agent's remote config. */
export const TECHNICIAN_PAGES: PageDef[] = [
  {
    // Not bare `/technician`: the collector serves `/technician/*`, so a reload there would be a 404.
    path: '/technician/workshops',
    roles: ['technician'],
    title: { ko: '작업장', en: 'Workshops' },
    load: () => import('./workshops-page').then((m) => m.TechnicianWorkshopsPage),
  },
  {
    path: '/technician/workshops/:workshopId',
    roles: ['technician'],
    load: () => import('./workshop-page').then((m) => m.TechnicianWorkshopPage),
  },
  {
    path: '/technician/agents/:agentId/config',
    roles: ['technician'],
    load: () => import('./config-page').then((m) => m.TechnicianConfigPage),
  },
];

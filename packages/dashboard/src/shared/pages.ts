import type { ComponentType } from 'preact';
import type { Me, Role } from './api';

/** What every page is given: the signed-in user and the path's parameters. */
export interface PageProps {
  user: Me;
  params: Record<string, string>;
}

/**
 * One page of the app. `load` imports its module on first visit, so each role's pages are their
 * own chunk and an owner's phone loads only the owner's code.
 */
export interface PageDef {
  /** Path pattern, `:name` for a parameter (`/technician/agents/:agentId`). */
  path: string;
  /** Who may open it; the server checks every call anyway. The first page of a role is its home. */
  roles: readonly Role[];
  /** Shown in the navigation; pages without a title (detail pages) are reached by links. */
  title?: { ko: string; en: string };
  load: () => Promise<ComponentType<PageProps>>;
}

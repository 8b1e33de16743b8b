/** What every view receives from the router, and the shape of a view. */
import type { SessionUser } from './api';
import type { LiveConnection } from './socket';

export interface ViewContext {
  user: SessionUser;
  live: LiveConnection;
  /** Navigates to a hash route such as `#/slides`. */
  go(hash: string): void;
}

/**
 * Renders into `root` (fresh per visit, detached once the user leaves); may return a cleanup.
 * `query` is what follows `?` in the hash (`#/timeline?screen=s1`).
 */
export type View = (root: HTMLElement, ctx: ViewContext, params: string[], query: URLSearchParams) => (() => void) | void;

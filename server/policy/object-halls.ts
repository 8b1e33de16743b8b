/** Which halls an object belongs to, for the policy: screens, halls, content, targets, calls, audit lines. */
import type { Target } from '../../content/model';
import type { StoreReader } from '../store/store';
import type { Halls } from './access';

/** Content (slides, playlists, layouts, media): its owner halls, or every hall for district content. */
export const hallsOfContent = (o: { ownerHallIds?: readonly string[] }): Halls => (o.ownerHallIds?.length ? o.ownerHallIds : 'all');

/**
 * The halls a target reaches: the halls of its screens, plus its `hallIds`; `all`, or areas/tags
 * without halls, reach every hall. Unknown screens count for nothing (the route refuses them).
 */
export function hallsOfTarget(store: Pick<StoreReader, 'get'>, target: Target): Halls {
  if (target.all) return 'all';
  const halls = new Set<string>();
  for (const id of target.screenIds ?? []) {
    const s = store.get('screens', id);
    if (s) halls.add(s.hallId);
  }
  if (target.hallIds?.length) target.hallIds.forEach((h) => halls.add(h));
  else if (target.areas?.length || target.tags?.length) return 'all';
  return [...halls];
}

/** A screen's hall (an unknown screen belongs nowhere). */
export function hallsOfScreen(store: Pick<StoreReader, 'get'>, screenId: string): Halls {
  const s = store.get('screens', screenId);
  return s ? [s.hallId] : [];
}

/** A record with an optional `hallId` (a call, an audit line): no hall means every hall. */
export const hallsOfRecord = (r: { hallId?: string; hallIds?: readonly string[] }): Halls =>
  r.hallIds?.length ? r.hallIds : r.hallId ? [r.hallId] : 'all';

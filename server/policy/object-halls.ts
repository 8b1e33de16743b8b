/** Which halls an object belongs to, for the policy: screens, halls, content, targets, calls, audit lines. */
import type { Target } from '../../content/model';
import type { StoreReader } from '../store/store';
import { hallsOfTarget as sharedHallsOfTarget, type Halls } from '../../content/access-rule';

/** Content's halls: the rule the editor shares (content/access-rule.ts). */
export { hallsOfContent } from '../../content/access-rule';

/** The halls a target reaches (content/access-rule.ts), with screens looked up in the store. */
export const hallsOfTarget = (store: Pick<StoreReader, 'get'>, target: Target): Halls => sharedHallsOfTarget((id) => store.get('screens', id)?.hallId, target);

/** A screen's hall (an unknown screen belongs nowhere). */
export function hallsOfScreen(store: Pick<StoreReader, 'get'>, screenId: string): Halls {
  const s = store.get('screens', screenId);
  return s ? [s.hallId] : [];
}

/** A record with an optional `hallId` (a call, an audit line): no hall means every hall. */
export const hallsOfRecord = (r: { hallId?: string; hallIds?: readonly string[] }): Halls =>
  r.hallIds?.length ? r.hallIds : r.hallId ? [r.hallId] : 'all';

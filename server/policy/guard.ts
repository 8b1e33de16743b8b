/**
 * The policy as routes use it: `permit(action)` as middleware, `guard(res, action, halls)` inside a
 * handler once the object is known, `seen(res)` to filter lists, `ownerHalls(res)` for new content.
 */
import type { NextFunction, Request, Response } from 'express';
import { principalOf, type Principal } from '../auth/principal';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';
import { hallsOfScreen } from './object-halls';
import { canSee, decide, worksIn, type Action, type Actor, type Halls } from './access';

/** The policy's view of a principal. */
export function actorFrom(p: Principal): Actor {
  if (p.kind === 'token') return { role: 'token', halls: p.token.hallIds.length ? p.token.hallIds : 'all' };
  return { role: p.user.role, halls: p.user.hallIds?.length ? p.user.hallIds : 'all' };
}

/** The caller's actor, or 401. */
export function actorOf(res: Response): Actor {
  const p = principalOf(res);
  if (!p) throw new HttpError(401, 'unauthenticated', '请先登录');
  return actorFrom(p);
}

/** Throws the policy's answer unless `action` (on an object of `halls`, when given) is allowed. */
export function guard(res: Response, action: Action, halls?: Halls): Actor {
  const actor = actorOf(res);
  const d = decide(actor, action, halls);
  if (!d.ok) throw new HttpError(d.status, d.code, d.reason);
  return actor;
}

/** Middleware: the role may attempt `action` at all (the hall check follows in the handler). */
export const permit =
  (action: Action) =>
  (_req: Request, res: Response, next: NextFunction): void => {
    guard(res, action);
    next();
  };

/** A filter for lists: does the caller see an object of these halls? */
export function seen(res: Response): (halls: Halls) => boolean {
  const actor = actorOf(res);
  return (halls) => canSee(actor.halls, halls);
}

/** The owner halls of content the caller creates now: theirs when limited, none (district) otherwise. */
export function ownerHalls(res: Response): { ownerHallIds?: string[] } {
  const actor = actorOf(res);
  return actor.halls === 'all' ? {} : { ownerHallIds: [...actor.halls] };
}

/** The halls the caller is limited to, or undefined for every hall (queue services take this shape). */
export function limitedHalls(res: Response): string[] | undefined {
  const actor = actorOf(res);
  return actor.halls === 'all' ? undefined : [...actor.halls];
}

/** May this principal act in this hall? For queue, ticket and counter routes of other helpers. */
export const canActInHall = (p: Principal, hallId: string): boolean => worksIn(actorFrom(p), hallId);

/**
 * A report or log filter narrowed to the caller's halls: a named hall or screen must be visible; a
 * hall-limited caller who names neither gets their one hall, or is asked to pick one of several.
 */
export function scopeHallFilter<Q extends { hallId?: string; screenId?: string }>(res: Response, store: StoreReader, q: Q): Q {
  const actor = actorOf(res);
  if (q.hallId) guard(res, 'read', [q.hallId]);
  if (q.screenId) guard(res, 'read', hallsOfScreen(store, q.screenId));
  if (actor.halls === 'all' || q.hallId || q.screenId) return q;
  if (actor.halls.length === 1) return { ...q, hallId: actor.halls[0] };
  throw new HttpError(400, 'hall_required', '请选择营业厅（参数 hallId）');
}

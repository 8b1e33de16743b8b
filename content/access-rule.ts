/**
 * The hall rule of issue 13, once for server and editor: who may see and who may change an object that
 * belongs to some halls. The server's policy (`server/policy/access.ts`) decides requests with it; the
 * editor hides the buttons it would refuse, so the two can never disagree.
 *
 * An actor works in every hall (no `hallIds`) or in a list of halls. An object belongs to every hall
 * (`'all'`: district content made by an unrestricted user, a target of `all` or of areas/tags in every
 * hall) or to a list of halls (a screen's hall, the halls a target reaches, the owner halls of content).
 * - see:    an unrestricted actor sees everything; a restricted one sees `'all'` objects and objects
 *           that touch one of their halls.
 * - change: an unrestricted actor changes everything; a restricted one only objects whose halls all
 *           lie inside their own (never an `'all'` object: district content and `all` targets).
 */
import type { Target } from './model';

/** Every hall, or exactly these halls. */
export type Halls = 'all' | readonly string[];

/** Where a user works: every hall when they have no `hallIds`. */
export const scopeOf = (user: { hallIds?: readonly string[] }): Halls => (user.hallIds?.length ? user.hallIds : 'all');

/** May an actor working in `scope` see an object of `halls`? */
export function canSee(scope: Halls, halls: Halls): boolean {
  if (scope === 'all' || halls === 'all') return true;
  return halls.some((h) => scope.includes(h));
}

/** May an actor working in `scope` change an object of `halls`? */
export function canChange(scope: Halls, halls: Halls): boolean {
  if (scope === 'all') return true;
  return halls !== 'all' && halls.every((h) => scope.includes(h));
}

/** Content (slides, kiosk apps, playlists, layouts, media): its owner halls, or every hall for district content. */
export const hallsOfContent = (o: { ownerHallIds?: readonly string[] }): Halls => (o.ownerHallIds?.length ? o.ownerHallIds : 'all');

/**
 * The halls a target reaches: the halls of its screens, plus its `hallIds`; `all`, or areas/tags
 * without halls, reach every hall. Unknown screens (`hallOfScreen` answers undefined) count for nothing.
 */
export function hallsOfTarget(hallOfScreen: (screenId: string) => string | undefined, target: Target): Halls {
  if (target.all) return 'all';
  const halls = new Set<string>();
  for (const id of target.screenIds ?? []) {
    const hall = hallOfScreen(id);
    if (hall) halls.add(hall);
  }
  if (target.hallIds?.length) target.hallIds.forEach((h) => halls.add(h));
  else if (target.areas?.length || target.tags?.length) return 'all';
  return [...halls];
}

/**
 * Why a user working in `scope` may not change an object of `halls`, in words for the editor (short,
 * beside a read-only object), or undefined when they may. Roles are the caller's business.
 */
export function changeRefusal(scope: Halls, halls: Halls, what: 'content' | 'schedule' = 'content'): string | undefined {
  if (canChange(scope, halls)) return undefined;
  if (halls === 'all') return what === 'content' ? '全区内容，仅不限营业厅的账号可修改' : '面向全部营业厅的排期，仅不限营业厅的账号可修改';
  return '涉及您负责范围以外的营业厅，仅可查看';
}

/**
 * Who a schedule entry or override is for. `screenIds` and `all` match on their own; `hallIds`, `areas`
 * and `tags` are dimensions that must all hold when given (the waiting area of hall H).
 */
import type { Screen, Target } from './model';

/** The parts of a screen that targeting looks at. */
export type TargetableScreen = Pick<Screen, 'id' | 'hallId' | 'area' | 'tags'>;

/** Does `target` reach `screen`? */
export function targetsScreen(target: Target, screen: TargetableScreen): boolean {
  if (target.all) return true;
  if (target.screenIds?.includes(screen.id)) return true;
  const dims = [target.hallIds, target.areas, target.tags].filter((l) => l !== undefined && l.length > 0);
  if (dims.length === 0) return false;
  if (target.hallIds?.length && !target.hallIds.includes(screen.hallId)) return false;
  if (target.areas?.length && !target.areas.includes(screen.area)) return false;
  if (target.tags?.length && !target.tags.some((t) => screen.tags.includes(t))) return false;
  return true;
}

/**
 * How narrowly a target names the screen: 3 by id, 2 by area or tag, 1 by hall, 0 everyone.
 * Used only to order entries of equal priority, never to pick a winner.
 */
export function targetSpecificity(target: Target, screen: TargetableScreen): number {
  if (target.screenIds?.includes(screen.id)) return 3;
  if (target.areas?.length || target.tags?.length) return 2;
  if (target.hallIds?.length) return 1;
  return 0;
}

/** A target turned into a fast predicate (Sets instead of lists) for matching thousands of screens. */
export function compileTarget(target: Target): { matches: (s: TargetableScreen) => boolean; specificity: (s: TargetableScreen) => number } {
  const ids = new Set(target.screenIds ?? []);
  const halls = target.hallIds?.length ? new Set(target.hallIds) : undefined;
  const areas = target.areas?.length ? new Set<string>(target.areas) : undefined;
  const tags = target.tags?.length ? target.tags : undefined;
  const hasDims = Boolean(halls || areas || tags);
  const base = target.areas?.length || target.tags?.length ? 2 : target.hallIds?.length ? 1 : 0;
  return {
    matches: (s) =>
      target.all === true ||
      ids.has(s.id) ||
      (hasDims && (!halls || halls.has(s.hallId)) && (!areas || areas.has(s.area)) && (!tags || tags.some((t) => s.tags.includes(t)))),
    specificity: (s) => (ids.has(s.id) ? 3 : base),
  };
}

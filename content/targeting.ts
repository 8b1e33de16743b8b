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

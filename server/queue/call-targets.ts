/**
 * Which screens show a call: the screens of its hall that show calls, and of the counter strips only
 * those of its counter. Computed once per (hall, counter) while the screen list stays the same (the
 * store hands out a new list on every change of screens), so a call to a hall of thousands of screens
 * costs a map lookup, and the same frozen list and set serve the fan-out and the ack tracker.
 */
import type { Screen } from '../../content/model';
import type { StoreReader } from '../store/store';
import type { AckTargets } from './acks';

/** Whether `screen` shows a call at `counter` in `hallId`. */
export function showsCall(screen: Screen, call: { hallId: string; counter: string }): boolean {
  if (screen.hallId !== call.hallId || screen.callDisplay === 'none') return false;
  if (screen.callDisplay === 'strip' && screen.counters.length > 0) return screen.counters.includes(call.counter);
  return true;
}

/** The screens that show a call, from a list of screens (uncached). */
export function callTargets(screens: readonly Screen[], call: { hallId: string; counter: string }): Screen[] {
  return screens.filter((s) => showsCall(s, call));
}

/** Cached targets per (hall, counter); entries go when the screen list changes. */
export function createTargetCache(store: StoreReader) {
  let list: readonly Screen[] | undefined;
  const cache = new Map<string, AckTargets>();
  return {
    /** The targets of a call (shared and frozen: never mutate). */
    of(call: { hallId: string; counter: string }): AckTargets {
      const screens = store.list('screens');
      if (screens !== list) {
        list = screens;
        cache.clear();
      }
      const key = `${call.hallId}\n${call.counter}`;
      let hit = cache.get(key);
      if (!hit) {
        const ids = Object.freeze(callTargets(screens, call).map((s) => s.id));
        hit = { ids, set: new Set(ids) };
        cache.set(key, hit);
        // Counters are few per hall, but a client could invent many: keep the cache bounded.
        if (cache.size > 5000) cache.delete(cache.keys().next().value!);
      }
      return hit;
    },
  };
}

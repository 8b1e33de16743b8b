/**
 * Proof of play a screen could really have made. A record counts only for a slide of that screen's
 * manifest, and a screen plays one main-zone slide at a time, each at least MIN_SLIDE_MS: so per
 * window of PLAY_WINDOW_MS of start times it can report at most PLAY_WINDOW_MS / MIN_SLIDE_MS plays
 * (plus one for a start on the window's edge). Records past that are forged or duplicated and are dropped.
 */
import { MIN_SLIDE_MS } from '../../content/model';
import type { PlayRecord } from '../../content/protocol';

/** Start times are counted per window this long. */
export const PLAY_WINDOW_MS = 10_000;
/** Plays one screen may report starting within one window. */
export const PLAYS_PER_WINDOW = PLAY_WINDOW_MS / MIN_SLIDE_MS + 1;
/** Windows remembered per screen (a day of live play is 8,640); the oldest go first. */
const MAX_WINDOWS = 20_000;

/** Why a record was dropped. */
export type PlayRefusal = 'unknown_slide' | 'implausible_play';

/** Per-screen counts of reported starts; `check()` keeps the records a screen could have made. */
export function createPlayPlausibility() {
  const byScreen = new Map<string, Map<number, number>>();
  return {
    check(screenId: string, records: readonly PlayRecord[], slideIds: ReadonlySet<string>): { kept: PlayRecord[]; refused: Partial<Record<PlayRefusal, number>> } {
      let windows = byScreen.get(screenId);
      if (!windows) byScreen.set(screenId, (windows = new Map()));
      const kept: PlayRecord[] = [];
      const refused: Partial<Record<PlayRefusal, number>> = {};
      for (const r of records) {
        if (!slideIds.has(r.slideId)) {
          refused.unknown_slide = (refused.unknown_slide ?? 0) + 1;
          continue;
        }
        const w = Math.floor(Date.parse(r.startedAt) / PLAY_WINDOW_MS);
        const n = windows.get(w) ?? 0;
        if (n >= PLAYS_PER_WINDOW) {
          refused.implausible_play = (refused.implausible_play ?? 0) + 1;
          continue;
        }
        windows.set(w, n + 1);
        kept.push(r);
      }
      // Insertion order is roughly start order: forget the earliest windows first.
      for (const w of windows.keys()) {
        if (windows.size <= MAX_WINDOWS) break;
        windows.delete(w);
      }
      return { kept, refused };
    },
    /** Drops a deleted screen's counts. */
    forget: (screenId: string): void => void byScreen.delete(screenId),
  };
}
export type PlayPlausibility = ReturnType<typeof createPlayPlausibility>;

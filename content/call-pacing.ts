/**
 * Call pacing: which call a screen puts in its spotlight (the aria-live `call` element, the big
 * 正在叫号 card, a banner) and for how long. Pure: a function of (queue, now), no timers; the
 * player's CallQueue only sets one timer for `nextAt`. The rules, as a hall operator reads them:
 * 1. Calls take the spotlight one at a time, in the order they were posted (createdAt); none is
 *    skipped unless it was superseded or expired.
 * 2. A call alone stays ALONE_MS (12 s). With others waiting it stays at most BUSY_MS (8 s), less as
 *    the queue grows: its share is what keeps every waiting call within MAX_WAIT_MS (20 s) of its
 *    arrival, evenly spread, but never below MIN_MS (2 s). So a burst of 20 in one second is through
 *    the spotlight in 38 s, a burst of 3 moves at 8 s a call.
 * 3. A newer call at a counter supersedes that counter's older call wherever it is: waiting (dropped),
 *    in the spotlight (ended at once; the next call in posting order follows) or among the current
 *    calls on the card. An older call that arrives after a newer one for its counter is `outdated`.
 *    Turns follow a metronome: a screen that looks late (a busy device) counts the next turn from
 *    when the last one ended, so a burst is not stretched by slow frames.
 * 4. A call at or past its expiresAt is never shown; it leaves the spotlight and the card then.
 * 5. The card shows the spotlight and the calls spotlit before it that are still current, newest
 *    first, CARD_CALLS in all.
 * All times are server-corrected milliseconds.
 */
import type { QueueCall } from './model';

/** A call alone keeps the spotlight this long. */
export const ALONE_MS = 12_000;
/** With calls waiting, a call keeps the spotlight at most this long. */
export const BUSY_MS = 8000;
/** The shortest spotlight of any call that is not superseded or expired. */
export const MIN_MS = 2000;
/** Waiting calls reach the spotlight within this long of arriving, as long as MIN_MS allows. */
export const MAX_WAIT_MS = 20_000;
/** How many current calls the 正在叫号 card shows at most (the spotlight first). */
export const CARD_CALLS = 4;

/** A call waiting for the spotlight, with when this screen received it. */
export interface WaitingCall {
  call: QueueCall;
  arrivedAt: number;
}

/** One screen's pacing queue. */
export interface PacingState {
  /** The call in the spotlight, since when. */
  shown: { call: QueueCall; since: number } | null;
  /** Calls waiting for the spotlight, in posting order. */
  waiting: readonly WaitingCall[];
  /** Calls that were in the spotlight and are still current, newest first (not the shown one). */
  earlier: readonly QueueCall[];
}

/** What became of an offered call. */
export type OfferOutcome = 'queued' | 'expired' | 'outdated';

export const EMPTY_PACING: PacingState = { shown: null, waiting: [], earlier: [] };

const ms = (iso: string): number => Date.parse(iso);
const expired = (call: QueueCall, now: number): boolean => ms(call.expiresAt) <= now;

/** When the shown call leaves the spotlight, given who waits behind it (rule 2, capped at its expiry). */
export function spotlightEndsAt(state: PacingState): number | null {
  const shown = state.shown;
  if (!shown) return null;
  const expiry = ms(shown.call.expiresAt);
  if (state.waiting.length === 0) return Math.min(expiry, shown.since + ALONE_MS);
  // The i-th waiting call (1-based) comes i shares after `since`: each share must let it start by its deadline.
  let share = BUSY_MS;
  state.waiting.forEach((w, i) => {
    share = Math.min(share, (w.arrivedAt + MAX_WAIT_MS - shown.since) / (i + 1));
  });
  return Math.min(expiry, shown.since + Math.max(MIN_MS, share));
}

/** Add a call that just arrived (rule 3): supersede its counter's older calls, queue it in posting order. */
export function offerCall(state: PacingState, call: QueueCall, now: number): { state: PacingState; outcome: OfferOutcome } {
  if (expired(call, now)) return { state, outcome: 'expired' };
  const created = ms(call.createdAt);
  const sameCounter = [state.shown?.call, ...state.waiting.map((w) => w.call), ...state.earlier].filter((c): c is QueueCall => c?.counter === call.counter);
  if (sameCounter.some((c) => ms(c.createdAt) > created)) return { state, outcome: 'outdated' };
  const waiting = state.waiting.filter((w) => w.call.counter !== call.counter);
  // Stable: a call posted at the same instant as one waiting goes behind it.
  let at = waiting.length;
  while (at > 0 && ms(waiting[at - 1]!.call.createdAt) > created) at--;
  waiting.splice(at, 0, { call, arrivedAt: now });
  return {
    state: {
      shown: state.shown?.call.counter === call.counter ? null : state.shown,
      waiting,
      earlier: state.earlier.filter((c) => c.counter !== call.counter),
    },
    outcome: 'queued',
  };
}

/**
 * The queue at `now`: the spotlight moves on when its time is up (or it expired), the next waiting
 * call takes it, expired calls leave. `nextAt` is when to look again (null: nothing will change by itself).
 */
export function pace(state: PacingState, now: number): { state: PacingState; nextAt: number | null } {
  let { shown, earlier } = state;
  const waiting = state.waiting.filter((w) => !expired(w.call, now));
  earlier = earlier.filter((c) => !expired(c, now));
  let handOver = now;
  if (shown) {
    const ends = spotlightEndsAt({ shown, waiting, earlier })!;
    if (now >= ends) {
      if (!expired(shown.call, now)) earlier = [shown.call, ...earlier];
      shown = null;
      // A late look (a busy device fires timers late) must not stretch the queue: a call that was
      // already waiting when the turn ended has its turn counted from then, losing at most MIN_MS / 2.
      if (waiting[0] && waiting[0].arrivedAt <= ends) handOver = Math.max(ends, now - MIN_MS / 2);
    }
  }
  if (!shown && waiting.length > 0) shown = { call: waiting.shift()!.call, since: handOver };
  earlier = earlier.slice(0, CARD_CALLS - 1);
  const next: PacingState = { shown, waiting, earlier };
  const times = [spotlightEndsAt(next), ...waiting.map((w) => ms(w.call.expiresAt)), ...earlier.map((c) => ms(c.expiresAt))].filter((t): t is number => t !== null);
  return { state: next, nextAt: times.length ? Math.max(now + 1, Math.min(...times)) : null };
}

/** The calls the 正在叫号 card shows, newest first: the spotlight, then the earlier current ones (rule 5). */
export function cardCalls(state: PacingState): QueueCall[] {
  return [...(state.shown ? [state.shown.call] : []), ...state.earlier].slice(0, CARD_CALLS);
}

/**
 * A token bucket per player socket. Generous on purpose: a healthy player sends a few frames a minute,
 * a hall's call burst brings a few acks per call, and a reconnect sends its offline backlog in a
 * handful of `playedBatch` frames — none of that comes near the budget. Past it a frame is dropped (the
 * hub answers `error`); a socket that stays over it or floods far past it is abusive and gets closed.
 */

/** How a bucket fills and when being over it counts as abuse. */
export interface BudgetLimits {
  /** Tokens added per second (the sustained rate allowed). */
  ratePerSec: number;
  /** Bucket size: the burst allowed on top of the rate. */
  burst: number;
  /** Over budget (frames dropped, with no second free of drops) for longer than this: close. */
  closeAfterMs: number;
  /** Frames arriving at more than this many times the rate while over budget: close at once. */
  closeAtRateFactor: number;
}

/** Frames other than acks: 50/s sustained with a burst of 200 (a healthy player sends far fewer). */
export const FRAME_LIMITS: BudgetLimits = { ratePerSec: 50, burst: 200, closeAfterMs: 10_000, closeAtRateFactor: 5 };
/**
 * Acks have their own, larger bucket, so a call burst never costs a health or played frame and no
 * ack of a legitimate burst is lost (two acks per call, 20+ calls a second in a busy hall).
 */
export const ACK_LIMITS: BudgetLimits = { ratePerSec: 200, burst: 1000, closeAfterMs: 10_000, closeAtRateFactor: 5 };

/** What to do with a frame: handle it, drop it with an `error` reply, or close the socket. */
export type BudgetVerdict = 'ok' | 'drop' | 'close';

/** A bucket starting full; `take(now)` spends `cost` tokens and says what to do with the frame. */
export function createFrameBudget(limits: BudgetLimits, now: number) {
  let tokens = limits.burst;
  let at = now;
  /** Start of the current over-budget spell and the frames dropped in it. */
  let overSince: number | undefined;
  let lastDropAt = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  return {
    take(t: number, cost = 1): BudgetVerdict {
      // A clock that steps back refills nothing (and never goes negative).
      tokens = Math.min(limits.burst, tokens + (Math.max(0, t - at) * limits.ratePerSec) / 1000);
      at = Math.max(at, t);
      // A spell ends after a full second without a drop: occasional overruns never add up to abuse.
      if (overSince !== undefined && t - lastDropAt >= 1000) {
        overSince = undefined;
        dropped = 0;
      }
      if (tokens >= cost) {
        tokens -= cost;
        return 'ok';
      }
      overSince ??= t;
      lastDropAt = t;
      dropped++;
      const spell = t - overSince;
      if (spell > limits.closeAfterMs) return 'close';
      // Drops beyond (factor - 1) × rate per second of the spell mean frames arrive at factor × the rate.
      if (dropped > (limits.closeAtRateFactor - 1) * limits.ratePerSec * Math.max(1, spell / 1000)) return 'close';
      return 'drop';
    },
  };
}
export type FrameBudget = ReturnType<typeof createFrameBudget>;

/**
 * Shared idempotency of queue calls across instances: the first instance to claim a call id announces
 * it; any other gets the screen count the first one recorded. `SET key value NX GET` is one atomic
 * Redis command, so two instances receiving the same id at the same moment cannot both win.
 *
 * A claim is first *pending* (short TTL) and becomes *done* (24 h) once its call is stored. An instance
 * killed between claim and store leaves only a pending claim that runs out within seconds, so the
 * sender's retry on another instance is taken and stored instead of answered "duplicate" for a call no
 * store holds — the one way a call could be lost. A repeat that meets a pending claim waits for it to
 * end either way. The price: a store write slower than the pending TTL lets a retry announce twice,
 * which a hall prefers to a customer never called.
 */
import type { RedisClient } from '../bus-redis';
import { HttpError } from '../http-error';
import { withTimeout } from '../with-timeout';

/** How long a claimed id is remembered cluster-wide (the queue system retries within minutes). */
export const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a claim stays pending without being confirmed: far above a store write (ms), short enough for a retry. */
export const PENDING_TTL_MS = 5000;
/** How often a repeat looks again at a pending claim. */
const PENDING_POLL_MS = 50;
/** How long a failed call's answer waits for its claim to be given back. */
const RELEASE_TIMEOUT_MS = 1500;

const PENDING = 'p:';
const DONE = 'd:';

export interface CallClaims {
  /**
   * Claims `id` (in `hallId`, or the install when undefined) for this instance, recording how many screens it
   * targets. Resolves undefined when the claim is ours, else the screen count of the instance that had it.
   */
  claim(hallId: string | undefined, id: string, screens: number): Promise<number | undefined>;
  /** Marks our claim done once its call is stored: repeats are then duplicates for `CLAIM_TTL_MS`. */
  confirm(hallId: string | undefined, id: string, screens: number): Promise<void>;
  /**
   * Gives a claim back after its call could not be stored: the sender's retry (on any instance) must be
   * taken as a new call and written, not answered "duplicate" for a call that no store holds.
   */
  release(hallId: string | undefined, id: string): Promise<void>;
}

/** Claims on the cluster's Redis under `prefix`. */
export function redisCallClaims(redis: RedisClient, prefix: string, ttlMs = CLAIM_TTL_MS, pendingTtlMs = PENDING_TTL_MS): CallClaims {
  const keyOf = (hallId: string | undefined, id: string): string => `${prefix}call:${hallId ?? ''}:${id}`;
  const unavailable = (err: unknown) =>
    // Without the shared claim a retry could be announced twice: refuse, the queue system retries.
    Object.assign(new HttpError(503, 'cluster_unavailable', `消息服务暂时不可用，叫号未受理，请稍后重试：${(err as Error).message}`), { cause: err });
  return {
    async claim(hallId, id, screens) {
      const key = keyOf(hallId, id);
      // Bounded: a pending claim runs out after pendingTtlMs, so waiting a few of those always ends it.
      const giveUpAt = Date.now() + 3 * pendingTtlMs;
      try {
        for (;;) {
          let prior = await redis.set(key, `${PENDING}${screens}`, { condition: 'NX', expiration: { type: 'PX', value: pendingTtlMs }, GET: true });
          if (prior === null) return undefined; // ours
          while (prior?.startsWith(PENDING) && Date.now() < giveUpAt) {
            await new Promise((resolve) => setTimeout(resolve, PENDING_POLL_MS));
            prior = await redis.get(key);
          }
          if (prior === null) continue; // the holder gave it back or died before storing: claim it again
          if (prior.startsWith(PENDING)) break;
          // Claims written before pending existed are a bare count.
          return Number(prior.startsWith(DONE) ? prior.slice(DONE.length) : prior);
        }
      } catch (err) {
        throw unavailable(err);
      }
      throw unavailable(new Error('同一叫号仍在另一台服务器处理中'));
    },
    async confirm(hallId, id, screens) {
      await redis.set(keyOf(hallId, id), `${DONE}${screens}`, { expiration: { type: 'PX', value: ttlMs } });
    },
    async release(hallId, id) {
      // The sender is waiting for its error answer: a Redis that does not answer must not hold it.
      await withTimeout(redis.del(keyOf(hallId, id)), RELEASE_TIMEOUT_MS, 'redis did not answer in time');
    },
  };
}

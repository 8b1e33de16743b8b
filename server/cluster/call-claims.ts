/**
 * Shared idempotency of queue calls across instances: the first instance to claim a call id announces
 * it; any other gets the screen count the first one recorded. `SET key value NX GET` is one atomic
 * Redis command, so two instances receiving the same id at the same moment cannot both win.
 */
import type { RedisClient } from '../bus-redis';
import { HttpError } from '../http-error';

/** How long a claimed id is remembered cluster-wide (the queue system retries within minutes). */
export const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a failed call's answer waits for its claim to be given back. */
const RELEASE_TIMEOUT_MS = 1500;

export interface CallClaims {
  /**
   * Claims `id` (in `hallId`, or the install when undefined) for this instance, recording how many screens it
   * targets. Resolves undefined when the claim is ours, else the screen count of the instance that had it.
   */
  claim(hallId: string | undefined, id: string, screens: number): Promise<number | undefined>;
  /**
   * Gives a claim back after its call could not be stored: the sender's retry (on any instance) must be
   * taken as a new call and written, not answered "duplicate" for a call that no store holds.
   */
  release(hallId: string | undefined, id: string): Promise<void>;
}

/** Claims on the cluster's Redis under `prefix`. */
export function redisCallClaims(redis: RedisClient, prefix: string, ttlMs = CLAIM_TTL_MS): CallClaims {
  const keyOf = (hallId: string | undefined, id: string): string => `${prefix}call:${hallId ?? ''}:${id}`;
  return {
    async claim(hallId, id, screens) {
      let prior: string | null;
      try {
        prior = await redis.set(keyOf(hallId, id), String(screens), { condition: 'NX', expiration: { type: 'PX', value: ttlMs }, GET: true });
      } catch (err) {
        // Without the shared claim a retry could be announced twice: refuse, the queue system retries.
        throw Object.assign(new HttpError(503, 'cluster_unavailable', `消息服务暂时不可用，叫号未受理，请稍后重试：${(err as Error).message}`), { cause: err });
      }
      return prior === null ? undefined : Number(prior);
    },
    async release(hallId, id) {
      // The sender is waiting for its error answer: a Redis that does not answer must not hold it.
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([redis.del(keyOf(hallId, id)), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('redis did not answer in time')), RELEASE_TIMEOUT_MS)))]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Login throttling that strangers cannot turn into a lock-out: a per-address limit on failures
 * (429 once an address has failed too often), and per-username backoff that only *delays* the next
 * check of that user's password. The right password still signs in, after the delay.
 */
import { localRateLimits, type RateLimits } from '../pairing/rate-limit';

/** Failed logins one address may make in the window before it gets 429. */
export const MAX_FAILURES_PER_IP = 30;
export const FAILURE_WINDOW_MS = 10 * 60_000;
/** Failures of one username before each further attempt waits. */
export const FREE_FAILURES_PER_USER = 3;
/** The wait doubles per failure from this, up to the cap. */
export const BACKOFF_BASE_MS = 250;
export const BACKOFF_MAX_MS = 8_000;

/** How long to wait before checking a password of a user with `failures` recent failures. */
export const backoffMs = (failures: number): number =>
  failures < FREE_FAILURES_PER_USER ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - FREE_FAILURES_PER_USER));

/** Failures of one username remembered at most (the backoff is capped long before). */
const KEPT_FAILURES_PER_USER = 32;

/**
 * Remembers recent failures per address and per username (bounded; stale entries are swept). In a
 * cluster `limits` counts them in Redis, so every instance sees the same failures.
 */
export function createLoginThrottle(clock: () => number, limits: RateLimits = localRateLimits) {
  const byIp = limits.recent('login-ip', { windowMs: FAILURE_WINDOW_MS, clock, keep: MAX_FAILURES_PER_IP });
  const byUser = limits.recent('login-user', { windowMs: FAILURE_WINDOW_MS, clock, keep: KEPT_FAILURES_PER_USER });
  return {
    /** True when this address has failed too often lately. */
    ipBlocked: async (ip: string): Promise<boolean> => (await byIp.count(ip)) >= MAX_FAILURES_PER_IP,
    /** The delay before this username's password is checked. */
    delayFor: async (username: string): Promise<number> => backoffMs(await byUser.count(username.toLowerCase())),
    async failed(ip: string, username: string): Promise<void> {
      await Promise.all([byIp.add(ip), byUser.add(username.toLowerCase())]);
    },
    /** A successful login clears the user's backoff (not the address's failures). */
    succeeded: (username: string): Promise<void> => byUser.clear(username.toLowerCase()),
  };
}

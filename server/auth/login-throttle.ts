/**
 * Login throttling that strangers cannot turn into a lock-out: a per-address limit on failures
 * (429 once an address has failed too often), and per-username backoff that only *delays* the next
 * check of that user's password. The right password still signs in, after the delay.
 */

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

/** Remembers recent failures per address and per username (bounded; stale entries are swept). */
export function createLoginThrottle(clock: () => number) {
  const byIp = new Map<string, number[]>();
  const byUser = new Map<string, number[]>();
  const recent = (map: Map<string, number[]>, key: string): number[] => {
    const now = clock();
    return (map.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
  };
  const sweep = (map: Map<string, number[]>): void => {
    if (map.size <= 10_000) return;
    const now = clock();
    for (const [k, ts] of map) if (ts.every((t) => now - t >= FAILURE_WINDOW_MS)) map.delete(k);
  };
  return {
    /** True when this address has failed too often lately. */
    ipBlocked: (ip: string): boolean => recent(byIp, ip).length >= MAX_FAILURES_PER_IP,
    /** The delay before this username's password is checked. */
    delayFor: (username: string): number => backoffMs(recent(byUser, username.toLowerCase()).length),
    failed(ip: string, username: string): void {
      const now = clock();
      sweep(byIp);
      sweep(byUser);
      byIp.set(ip, [...recent(byIp, ip), now]);
      const u = username.toLowerCase();
      byUser.set(u, [...recent(byUser, u), now].slice(-32));
    },
    /** A successful login clears the user's backoff (not the address's failures). */
    succeeded(username: string): void {
      byUser.delete(username.toLowerCase());
    },
  };
}

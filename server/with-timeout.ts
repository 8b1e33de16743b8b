/**
 * `p`, or a rejection with `message` once `ms` passed: how the server bounds a wait on an engine that
 * may hang (Redis, PostgreSQL) so a request answers anyway. The work itself may still finish later;
 * each caller makes that harmless.
 */
export async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Group commit of accepted calls: the store write (one appended journal line) is off the call's hot
 * path. A call is on the bus (and so on screens) before it is written; the write waits a moment
 * (COMMIT_WINDOW_MS) so the sockets are written and the first acks read first, and every call that
 * arrives meanwhile, or while a write is in flight, goes into the same write. Each call's promise
 * resolves only once its write is on disk, so a 202 still means durable.
 */
import type { Store, Transaction } from '../store/store';

/** How long the first call of a batch waits for others before it is written. */
export const COMMIT_WINDOW_MS = 15;

/**
 * `write` puts the batch into the transaction; items it cannot write (a hall taken over by another
 * instance) it returns with their error: they are refused, the rest of the batch is written.
 */
export function createCallCommits<T>(deps: { store: Store; write: (tx: Transaction, batch: readonly T[]) => ReadonlyMap<T, unknown> | void; windowMs?: number }) {
  const windowMs = deps.windowMs ?? COMMIT_WINDOW_MS;
  let pending: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = false;

  const flush = (): void => {
    timer = undefined;
    if (writing || pending.length === 0) return;
    const batch = pending;
    pending = [];
    writing = true;
    deps.store
      .transact((tx) => deps.write(tx, batch.map((p) => p.item)))
      .then(
        (result) => {
          const refused = result instanceof Map ? result : undefined;
          batch.forEach((p) => (refused?.has(p.item) ? p.reject(refused.get(p.item)) : p.resolve()));
        },
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      )
      .finally(() => {
        writing = false;
        // Calls that came during the write have waited long enough: they go at once, together.
        if (pending.length > 0) flush();
      });
  };

  return {
    /** Resolves once `item` is durable (written with its batch); rejects if that write failed. */
    commit(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (!writing) timer ??= setTimeout(flush, windowMs);
      });
    },
  };
}

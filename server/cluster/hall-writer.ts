/**
 * One writer per hall across instances (cluster mode: PostgreSQL + Redis). Every instance applies a
 * hall's events in memory for its own screens, but the hall's stored queue record is written by one
 * instance at a time: before it applies an event it must hold the hall's lease in Redis. Without
 * this, two instances that each applied one call before hearing the other's wrote their own board
 * last-writer-wins, and the store (what a restarted instance and a newly paired TV read) lost a counter.
 *
 * - The lease (`SET` if absent or ours, PX LEASE_MS) is held while this instance has writes of the
 *   hall in flight and given back when the last one settles; while held, entering costs no round
 *   trip, so a burst on one instance pays Redis once. Another instance waits (polling) for it.
 * - Taking the lease from another instance (or after Redis lost its keys) is a takeover: in one store
 *   transaction, which PostgreSQL runs after every earlier commit, the hall's record gets the next
 *   fence number and this instance adopts the stored board as its own. Everything the previous writer
 *   stored is then in memory here before the first event is applied.
 * - The fence is the safety when the lease fails (a writer stalled past LEASE_MS, Redis restarted):
 *   every write of the hall's record checks in its transaction that no later writer took over, and a
 *   stale writer's write is refused with 503 (not acknowledged, so the queue system sends it again).
 */
import { randomBytes } from 'node:crypto';
import { emptyQueueState } from '../../content/queue-state';
import type { RedisClient } from '../bus-redis';
import { HttpError } from '../http-error';
import type { HallQueue } from '../store/data';
import type { Store, Transaction } from '../store/store';

/** How long a lease lasts without being given back: far above a store write, short enough to take over from a dead instance. */
export const LEASE_MS = 5000;
/** How long a write waits for another instance's lease before answering 503. */
export const WAIT_MS = 3 * LEASE_MS;
const POLL_MS = 10;

// Atomic: take the lease when free or already ours; say who took it last (a takeover when not us).
const ACQUIRE = `local cur = redis.call('get', KEYS[1])
if cur and cur ~= ARGV[1] then return {0, ''} end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
local last = redis.call('get', KEYS[2]) or ''
redis.call('set', KEYS[2], ARGV[1])
return {1, last}`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

export interface HallWriter {
  /**
   * Resolves once this instance may apply and store the hall's events; undefined (nothing to await)
   * when it holds the lease already. Every entry is paired with one `leave`, after its write settled.
   */
  enter(hallId: string): Promise<void> | undefined;
  leave(hallId: string): void;
  /**
   * In the transaction that writes the hall's record: the fence to store with it. Throws 503 when
   * another instance took the hall over since this one did (our write would undo theirs).
   */
  stamp(tx: Transaction, hallId: string): number;
  /** True while this instance has writes of the hall in flight (its memory is ahead of the store). */
  busy(hallId: string): boolean;
}

export interface HallWriterDeps {
  redis: RedisClient;
  prefix: string;
  store: Store;
  /** After a takeover: the hall's stored record (undefined = none yet) becomes this instance's board. */
  adopt(hallId: string, rec: HallQueue | undefined): void;
  clock?: () => number;
  leaseMs?: number;
  waitMs?: number;
}

interface Hall {
  /** Writes in flight (entered, not yet left). */
  active: number;
  /** Our fence for the hall, once we took it over. */
  fence?: number;
  /** Until when our lease is surely still ours (our clock, with a margin for Redis's). */
  heldUntil: number;
  acquiring?: Promise<void>;
}

const unavailable = (message: string, cause?: unknown): HttpError =>
  Object.assign(new HttpError(503, 'queue_writer_unavailable', message), cause === undefined ? {} : { cause });

export function createHallWriter(deps: HallWriterDeps): HallWriter {
  const clock = deps.clock ?? Date.now;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const waitMs = deps.waitMs ?? WAIT_MS;
  const me = randomBytes(8).toString('hex');
  const halls = new Map<string, Hall>();
  const leaseKey = (hallId: string): string => `${deps.prefix}qw:lease:${hallId}`;
  const lastKey = (hallId: string): string => `${deps.prefix}qw:last:${hallId}`;
  const hallOf = (hallId: string): Hall => {
    let h = halls.get(hallId);
    if (!h) halls.set(hallId, (h = { active: 0, heldUntil: 0 }));
    return h;
  };

  const takeOver = async (hallId: string, h: Hall): Promise<void> => {
    const { rec, fence } = await deps.store.transact((tx) => {
      const stored = tx.get('queues', hallId);
      const next = (stored?.fence ?? 0) + 1;
      // A hall without a record gets one now: the fence must be stored for a stale writer to meet it.
      if (stored) tx.replace('queues', { ...stored, fence: next });
      else tx.insert('queues', { id: hallId, state: emptyQueueState(hallId, new Date(clock()).toISOString()), eventIds: [], callKeys: [], fence: next });
      return { rec: stored, fence: next };
    });
    h.fence = fence;
    deps.adopt(hallId, rec);
  };

  const acquire = async (hallId: string, h: Hall): Promise<void> => {
    const giveUpAt = clock() + waitMs;
    for (;;) {
      const startedAt = clock();
      let reply: [number, string];
      try {
        reply = (await deps.redis.eval(ACQUIRE, { keys: [leaseKey(hallId), lastKey(hallId)], arguments: [me, String(leaseMs)] })) as [number, string];
      } catch (err) {
        throw unavailable(`消息服务暂时不可用，本厅叫号未受理，请稍后重试：${(err as Error).message}`, err);
      }
      if (Number(reply[0]) === 1) {
        // Half the lease as our margin: Redis's clock started it at least when we asked.
        h.heldUntil = startedAt + leaseMs / 2;
        if (reply[1] !== me || h.fence === undefined) await takeOver(hallId, h);
        return;
      }
      if (clock() > giveUpAt) throw unavailable('另一台服务器正在写入本厅的排队状态，叫号未受理，请稍后重试');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const release = (hallId: string): void => {
    const h = halls.get(hallId);
    if (!h || h.active > 0) return;
    h.heldUntil = 0;
    // Best effort: a lease we cannot give back runs out by itself within LEASE_MS.
    deps.redis.eval(RELEASE, { keys: [leaseKey(hallId)], arguments: [me] }).catch(() => {});
  };

  return {
    enter(hallId) {
      const h = hallOf(hallId);
      if (h.acquiring === undefined && h.fence !== undefined && clock() < h.heldUntil) {
        h.active++;
        return undefined;
      }
      // One acquisition per hall at a time; the entries waiting on it resume in arrival order.
      const pending = (h.acquiring ??= acquire(hallId, h).finally(() => (h.acquiring = undefined)));
      h.active++;
      return pending.catch((err: unknown) => {
        h.active--;
        release(hallId);
        throw err;
      });
    },
    leave(hallId) {
      const h = halls.get(hallId);
      if (!h || h.active === 0) return;
      h.active--;
      if (h.active === 0) release(hallId);
    },
    stamp(tx, hallId) {
      const fence = halls.get(hallId)?.fence;
      const stored = tx.get('queues', hallId)?.fence ?? 0;
      if (fence === undefined || stored > fence) throw unavailable('本厅的排队状态已由另一台服务器接管，本次未保存，请重试');
      return fence;
    },
    busy: (hallId) => (halls.get(hallId)?.active ?? 0) > 0,
  };
}

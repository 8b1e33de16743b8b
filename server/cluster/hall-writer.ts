/**
 * One writer per hall across instances (cluster mode: PostgreSQL + Redis). Every instance applies a
 * hall's events in memory for its own screens, but the hall's stored queue record is written by one
 * instance at a time: before it applies an event it must hold the hall's lease in Redis. Without
 * this, two instances that each applied one call before hearing the other's wrote their own board
 * last-writer-wins, and the store (what a restarted instance and a newly paired TV read) lost a counter.
 *
 * - The lease (`SET` if absent or ours, PX LEASE_MS, waited for at most WAIT_MS) is held while this instance has writes of the
 *   hall in flight and given back when the last one settles; while held, entering costs no round
 *   trip, so a burst on one instance pays Redis once. Another instance waits (polling) for it.
 * - Taking the lease when someone else took the hall over since us (Redis keeps `<instance>:<fence>`
 *   of the last takeover), or when Redis forgot, is a takeover: first this instance's own writes still
 *   in flight settle (stored, or refused by their fence), then in one store transaction, which
 *   PostgreSQL runs after every earlier commit, the hall's record gets the next fence and this instance
 *   adopts the stored board as its own. Everything the previous writer stored is then in memory here
 *   before the first event is applied. A takeover that fails, or a write refused by the fence, leaves
 *   the hall to be taken over again by the next entry (never stuck refusing).
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
import { withTimeout } from '../with-timeout';

/** How long a lease lasts without being given back: far above a store write, short enough to take over from a dead instance. */
export const LEASE_MS = 3000;
/**
 * How long a write may wait for the hall (another instance's lease, a takeover) before answering 503.
 * Below the call claim's pending TTL (cluster/call-claims.ts): a call still waiting when its claim ran
 * out would be announced again by a retry on another instance.
 */
export const WAIT_MS = 4000;
const POLL_MS = 10;
/** Who took the hall over last, and under which fence; kept a day (a hall idle longer is taken over afresh). */
const LAST_TTL_MS = 24 * 60 * 60 * 1000;

// Atomic: take the lease when free or already ours; say who took the hall over last (`<instance>:<fence>`).
const ACQUIRE = `local cur = redis.call('get', KEYS[1])
if cur and cur ~= ARGV[1] then return {0, ''} end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, redis.call('get', KEYS[2]) or ''}`;
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
   * another instance took the hall over since this one did (our write would undo theirs); the next
   * entry then takes the hall over again.
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
  /** Entries not yet left, waiting ones included. */
  active: number;
  /** Entries let in (applying or writing): a takeover waits for them, so it adopts what they stored. */
  inside: number;
  /** Our fence for the hall, once we took it over; undefined = the next entry takes it over. */
  fence?: number;
  /** Until when our lease is surely still ours (our clock, with a margin for Redis's). */
  heldUntil: number;
  acquiring?: Promise<void>;
  /** Waiting for `inside` to reach 0. */
  drained: (() => void)[];
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
    if (!h) halls.set(hallId, (h = { active: 0, inside: 0, heldUntil: 0, drained: [] }));
    return h;
  };
  const forget = (h: Hall): void => {
    h.fence = undefined;
    h.heldUntil = 0;
  };

  const takeOver = async (hallId: string, h: Hall, giveUpAt: number): Promise<void> => {
    // Our own earlier writes first: stored under the old fence (then adopted below) or refused by it.
    if (h.inside > 0) await withTimeout(new Promise<void>((resolve) => h.drained.push(resolve)), giveUpAt - clock(), 'earlier writes did not finish in time');
    const { rec, fence } = await withTimeout(
      deps.store.transact((tx) => {
        const stored = tx.get('queues', hallId);
        const next = (stored?.fence ?? 0) + 1;
        // A hall without a record gets one now: the fence must be stored for a stale writer to meet it.
        if (stored) tx.replace('queues', { ...stored, fence: next });
        else tx.insert('queues', { id: hallId, state: emptyQueueState(hallId, new Date(clock()).toISOString()), eventIds: [], callKeys: [], fence: next });
        return { rec: stored, fence: next };
      }),
      giveUpAt - clock(),
      'takeover did not finish in time',
    );
    deps.adopt(hallId, rec);
    h.fence = fence;
    // Not awaited: if this is lost, the next acquisition takes the hall over once more (safe, one transaction).
    deps.redis.set(lastKey(hallId), `${me}:${fence}`, { expiration: { type: 'PX', value: LAST_TTL_MS } }).catch(() => {});
  };

  const acquire = async (hallId: string, h: Hall): Promise<void> => {
    const giveUpAt = clock() + waitMs;
    for (;;) {
      const startedAt = clock();
      let reply: [number, string];
      try {
        reply = (await deps.redis.eval(ACQUIRE, { keys: [leaseKey(hallId), lastKey(hallId)], arguments: [me, String(leaseMs)] })) as [number, string];
      } catch (err) {
        forget(h);
        throw unavailable(`消息服务暂时不可用，本厅叫号未受理，请稍后重试：${(err as Error).message}`, err);
      }
      if (Number(reply[0]) === 1) {
        // Half the lease as our margin: Redis's clock started it at least when we asked.
        h.heldUntil = startedAt + leaseMs / 2;
        // Someone else wrote the hall since our takeover, or Redis forgot who did: take it over again.
        if (h.fence === undefined || reply[1] !== `${me}:${h.fence}`) {
          try {
            await takeOver(hallId, h, giveUpAt);
          } catch (err) {
            forget(h);
            throw unavailable('本厅的排队状态暂时无法接管（数据库未及时响应），叫号未受理，请稍后重试', err);
          }
        }
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
      h.active++;
      if (h.acquiring === undefined && h.fence !== undefined && clock() < h.heldUntil) {
        h.inside++;
        return undefined;
      }
      // One acquisition per hall at a time; the entries waiting on it resume in arrival order.
      const pending = (h.acquiring ??= acquire(hallId, h).finally(() => (h.acquiring = undefined)));
      return pending.then(
        () => void h.inside++,
        (err: unknown) => {
          h.active--;
          release(hallId);
          throw err;
        },
      );
    },
    leave(hallId) {
      const h = halls.get(hallId);
      if (!h || h.active === 0) return;
      h.active--;
      if (h.inside > 0 && --h.inside === 0) for (const resolve of h.drained.splice(0)) resolve();
      if (h.active === 0) release(hallId);
    },
    stamp(tx, hallId) {
      const h = halls.get(hallId);
      const stored = tx.get('queues', hallId)?.fence ?? 0;
      if (h?.fence === undefined || stored > h.fence) {
        if (h) forget(h);
        throw unavailable('本厅的排队状态已由另一台服务器接管，本次未保存，请重试');
      }
      return h.fence;
    },
    busy: (hallId) => (halls.get(hallId)?.active ?? 0) > 0,
  };
}

/**
 * The cluster store: PostgreSQL behind the same `Store` interface. Reads are synchronous from an
 * in-memory snapshot. `transact` batches the writes queued on this instance into one real transaction
 * that takes a cluster-wide advisory lock, catches up on what other instances committed, runs each fn
 * on a copy, writes the changed rows with a new version, NOTIFYs the version and resolves after
 * COMMIT. Other instances LISTEN on a dedicated connection and load rows newer than their version; a
 * reconnect (missed notifications) catches up the same way, or reloads when tombstones were pruned.
 */
import pg from 'pg';
import { HttpError } from '../http-error';
import { emptyData, type CollectionName, type Data } from './data';
import { applyRows, emptyChanges, mergeChanges, PgDraft, type ChangeSet } from './pg-draft';
import { validate, writeRows, type Row } from './pg-rows';
import { LOCKS, inTransaction, migrate } from './pg-schema';
import type { Store, Transaction } from './store';
import { withTimeout } from '../with-timeout';

const CHANNEL = 'hs_changes';
/** Tombstones of deleted rows are kept this many versions; an instance further behind reloads everything. */
const TOMB_KEEP = 2000;


export interface PgStore extends Store {
  readonly kind: 'postgres';
  /** True when the store had no items when this instance opened it. */
  readonly created: boolean;
  readonly pool: pg.Pool;
  /** The last version this instance has applied. */
  version(): number;
  /** Catches up with every commit made before this call (read-your-writes across instances). */
  sync(): Promise<void>;
  /** Resolves when the database answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  /** False while the LISTEN connection is down (changes of others may be missed until it is back). */
  listening(): boolean;
}

/** Turns a database failure into the 503 that a load balancer and a client understand. */
const unavailable = (err: unknown): HttpError =>
  Object.assign(new HttpError(503, 'store_unavailable', `数据库暂时不可用，本次写入未保存：${(err as Error).message}`), { cause: err });

/** Opens the store at `url`: migrates, loads the snapshot and starts listening. */
export async function openPgStore(url: string, opts: { onError?: (err: unknown) => void; onRemoteChange?: (collections: CollectionName[]) => void } = {}): Promise<PgStore> {
  const onError = opts.onError ?? ((err) => console.error('[pg]', err));
  const pool = new pg.Pool({ connectionString: url, max: 6, connectionTimeoutMillis: 3000 });
  pool.on('error', onError);
  await migrate(pool);

  let data = emptyData();
  let version = 0;
  /** Serializes every change of `data`/`version` (commits and catch-ups). */
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => {});
    return run;
  };

  const reload = async (q: pg.Pool | pg.PoolClient): Promise<void> => {
    // One statement, one snapshot (see catchUp).
    const rows = (await q.query<Row & { latest: string }>(
      `select m.version as latest, i.collection, i.id, i.deleted, i.data, i.version
       from hs_meta m left join hs_items i on not i.deleted order by i.seq`,
    )).rows;
    data = validate(rows.filter((r) => r.collection !== null));
    version = Number(rows[0]!.latest);
  };
  /** Loads what others committed after our version; reloads if pruning removed tombstones we need. */
  const catchUp = async (q: pg.Pool | pg.PoolClient): Promise<Set<CollectionName>> => {
    // One statement, one snapshot: the version, the tombstone floor and the rows agree even while
    // another instance commits or prunes between what would otherwise be two reads.
    const result = await q.query<Row & { latest: string; tomb_floor: string; collection: string | null }>(
      `select m.version as latest, m.tomb_floor, i.collection, i.id, i.deleted, i.data, i.version
       from hs_meta m left join hs_items i on i.version > $1 order by i.seq`,
      [version],
    );
    const head = result.rows[0]!;
    const latest = Number(head.latest);
    if (latest <= version) return new Set();
    if (version < Number(head.tomb_floor)) {
      await reload(q);
      return new Set(Object.keys(data).filter((k) => k !== 'schemaVersion') as CollectionName[]);
    }
    const rows = result.rows.filter((r) => r.collection !== null);
    const next = { ...data };
    const touched = applyRows(next, rows);
    data = next;
    version = Math.max(latest, ...rows.map((r) => Number(r.version)));
    return touched;
  };

  await reload(pool);
  const created = Object.entries(data).every(([k, v]) => k === 'schemaVersion' || (v as unknown[]).length === 0);

  let pendingSync: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    // A sync that has not started yet will see everything committed before now: share it.
    if (pendingSync) return pendingSync;
    const p = exclusive(async () => {
      pendingSync = undefined;
      try {
        const touched = await catchUp(pool);
        if (touched.size > 0) opts.onRemoteChange?.([...touched]);
      } catch (err) {
        throw unavailable(err);
      }
    });
    pendingSync = p;
    return p;
  };

  // LISTEN on a dedicated client (a pooled one would be handed to others); reconnects with backoff.
  let listener: pg.Client | undefined;
  let listenerUp = false;
  let closed = false;
  let retryMs = 250;
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    listener = client;
    const lost = (err?: unknown): void => {
      if (err) onError(err);
      if (listener !== client) return;
      listenerUp = false;
      listener = undefined;
      client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 2000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    // The payload is the committed version: our own commits (and ones already caught up) cost nothing.
    client.on('notification', (n) => {
      if (Number(n.payload) > version) void sync().catch(() => {});
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      listenerUp = true;
      retryMs = 250;
      // Whatever was notified while we were away is picked up now.
      await sync().catch(() => {});
    } catch (err) {
      lost(err);
    }
  };
  await listen();

  interface Pending {
    fn: (tx: Transaction) => unknown;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;

  const commit = async (batch: Pending[]): Promise<void> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      for (const p of batch) p.reject(unavailable(err));
      return;
    }
    const ran: { p: Pending; result: unknown }[] = [];
    let draft: Data | undefined;
    let newVersion = version;
    try {
      await inTransaction(client, async () => {
        await client.query('select pg_advisory_xact_lock($1)', [LOCKS.write]);
        const touched = await catchUp(client);
        if (touched.size > 0) opts.onRemoteChange?.([...touched]);
        let current = data;
        const changes: ChangeSet = emptyChanges();
        for (const p of batch) {
          const tx = new PgDraft(current);
          try {
            const result = p.fn(tx);
            if (tx.dirty) {
              current = tx.draft;
              mergeChanges(changes, tx.changes);
            }
            ran.push({ p, result });
          } catch (err) {
            p.reject(err);
          }
        }
        if (current === data) return;
        draft = current;
        const meta = (await client.query<{ version: string; tomb_floor: string }>('update hs_meta set version = version + 1 returning version, tomb_floor')).rows[0]!;
        newVersion = Number(meta.version);
        await writeRows(client, current, changes, newVersion);
        if (newVersion % 500 === 0 && newVersion - TOMB_KEEP > Number(meta.tomb_floor)) {
          await client.query('delete from hs_items where deleted and version < $1', [newVersion - TOMB_KEEP]);
          await client.query('update hs_meta set tomb_floor = $1', [newVersion - TOMB_KEEP]);
        }
        await client.query(`select pg_notify('${CHANNEL}', $1)`, [String(newVersion)]);
      });
    } catch (err) {
      client.release(true);
      for (const r of ran) r.p.reject(unavailable(err));
      return;
    }
    client.release();
    if (draft) {
      data = draft;
      version = newVersion;
    }
    for (const r of ran) r.p.resolve(r.result);
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      await exclusive(() => commit(batch));
    }
  };
  const kick = (): void => {
    if (running) return;
    running = drain().finally(() => {
      running = undefined;
      if (queue.length > 0) kick();
    });
  };

  return {
    kind: 'postgres',
    created,
    pool,
    list: (c) => data[c] as never,
    get: (c, id) => (data[c] as { id: string }[]).find((i) => i.id === id) as never,
    version: () => version,
    sync,
    listening: () => listenerUp,
    async ping(timeoutMs = 1500) {
      await withTimeout(pool.query('select 1'), timeoutMs, 'database did not answer in time');
    },
    transact<T>(fn: (tx: Transaction) => T): Promise<T> {
      if (closed) return Promise.reject(new Error('[store] closed'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        kick();
      });
    },
    async close() {
      while (running) await running;
      closed = true;
      await chain;
      const l = listener;
      listener = undefined;
      listenerUp = false;
      await l?.end().catch(() => {});
      await pool.end();
    },
  };
}

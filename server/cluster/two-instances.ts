/**
 * Two (or more) instances of the queue path in one process, wired as app.ts wires them in cluster mode
 * (each its own PostgreSQL store connection, Redis bus, hall queues, call service and hall writer), on
 * the machine's real engines: for the writer's tests and its bench.
 */
import { openRedisBus, type RedisBus } from '../bus-redis';
import type { BusEvent } from '../bus';
import { createAckTracker } from '../queue/acks';
import { createCallKeys } from '../queue/call-keys';
import { createHallQueues, type HallQueues } from '../queue/hall-queues';
import { createCallService, type CallService } from '../queue-calls';
import { openPgStore, type PgStore } from '../store/pg-store';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import type { Store } from '../store/store';
import { createHallWriter, type HallWriter } from './hall-writer';

const REDIS = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const noLog = { write() {}, close: async () => {} };

export interface Instance {
  store: PgStore;
  bus: RedisBus;
  queues: HallQueues;
  calls: CallService;
  writer: HallWriter;
  /** Every bus event this instance's hubs would see. */
  seen: BusEvent[];
  close(): Promise<void>;
}

export interface InstanceOptions {
  /** Bus channel prefix apart from the writer's: instances that never hear each other still share the lease. */
  busPrefix?: string;
  leaseMs?: number;
  waitMs?: number;
  /** The store the writer's takeovers use (tests make it fail). */
  writerStore?: (s: PgStore) => Store;
}

export async function openInstance(url: string, writerPrefix: string, opts: InstanceOptions = {}): Promise<Instance> {
  const store = await openPgStore(url, { onError: () => {} });
  const bus = await openRedisBus(REDIS, { prefix: opts.busPrefix ?? writerPrefix, onError: () => {} });
  const callKeys = createCallKeys(store);
  const writer = createHallWriter({
    redis: bus.redis,
    prefix: writerPrefix,
    store: opts.writerStore?.(store) ?? store,
    leaseMs: opts.leaseMs,
    waitMs: opts.waitMs,
    adopt(hallId, rec) {
      if (!rec) return;
      queues.adopt(rec);
      callKeys.adopt(hallId, rec.callKeys);
    },
  });
  const queues = createHallQueues({ store, bus, clock: Date.now, callKeys, writer });
  const calls = createCallService({ store, bus, clock: Date.now, log: noLog, audit: noLog, queues, acks: createAckTracker(), callKeys, voiceVersion: () => undefined, writer });
  const seen: BusEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return {
    store,
    bus,
    queues,
    calls,
    writer,
    seen,
    async close() {
      await bus.close().catch(() => {});
      await store.close().catch(() => {});
    },
  };
}

/** A throw-away database with halls h1 (一厅) and h2 (二厅). */
export async function hallDb(): Promise<TestDb> {
  const db = await createTestDb();
  const seed = await openPgStore(db.url);
  for (const [id, name] of [['h1', '一厅'], ['h2', '二厅']] as const) await seed.transact((tx) => tx.insert('halls', { id, name, timezone: 'Asia/Shanghai', createdAt: new Date(0).toISOString() }));
  await seed.close();
  return db;
}

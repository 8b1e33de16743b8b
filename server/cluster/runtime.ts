/**
 * Picks the engines from the config: lowdb + in-process bus (embedded default), or PostgreSQL and/or
 * Redis (cluster mode). Returns the store, bus, install secret and health the app is built from, plus
 * the cluster hooks (shared call claims, read-your-writes sync, the setup lock seeding runs under).
 */
import { mkdir } from 'node:fs/promises';
import { loadClusterSecret, loadInstallSecret } from '../auth/secrets';
import { createMemoryBus, type Bus } from '../bus';
import type { RedisBus } from '../bus-redis';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { AppendLog } from '../logs/append-log';
import type { DayLogSource } from '../reports/day-logs';
import { emptyData, type CollectionName } from '../store/data';
import { openLowdbStore } from '../store/lowdb-store';
import type { PgStore } from '../store/pg-store';
import type { Store } from '../store/store';
import type { CallClaims } from './call-claims';
import type { HallWriter, HallWriterDeps } from './hall-writer';
import type { PairingBook } from './redis-pairings';
import type { RateLimits } from '../pairing/rate-limit';
import { embeddedHealth, probeHealth, type Health, type Probe } from './health';

export interface Runtime {
  store: Store & { readonly created: boolean };
  bus: Bus;
  secret: Buffer;
  health: Health;
  /** Shared idempotency of call ids (Redis); undefined = this process alone decides. */
  callClaims?: CallClaims;
  /** Catches the store up with other instances' commits (PostgreSQL); undefined = nothing to catch up. */
  sync?: () => Promise<void>;
  /** Append-only logs in PostgreSQL and where reports read them; undefined = NDJSON files in DATA_DIR/logs. */
  openLog?: (name: string, clock: () => number) => AppendLog;
  logSource?: DayLogSource;
  /** What the database logs could not store yet or dropped (for `/healthz` warnings). */
  logWarnings?: () => string[];
  /** Pending pairings in Redis; undefined = in memory. */
  pairingBook?: (ttlMs: number) => PairingBook;
  rateLimits?: RateLimits;
  /** One writer per hall (PostgreSQL and Redis both: the lease in Redis, the fence in the store). */
  hallWriter?: (deps: Pick<HallWriterDeps, 'store' | 'adopt'>) => HallWriter;
  /** Registers what runs after Redis lost messages, once the store caught up (the hall queues resync). */
  onResync?: (listener: () => void) => void;
  /** Runs `fn` while no other instance is setting up (migrate + seed happen once). */
  setupLock<T>(fn: () => Promise<T>): Promise<T>;
  pg?: PgStore;
  redis?: RedisBus;
  close(): Promise<void>;
}

async function pgLogs(pg: PgStore, onError: (err: unknown) => void): Promise<Pick<Runtime, 'openLog' | 'logSource' | 'logWarnings'>> {
  const { openPgAppendLog, pgLogLines } = await import('../logs/pg-append-log');
  const { createPgLogBacklog } = await import('../logs/pg-log-backlog');
  // One budget for all the instance's logs, so a flood of plays is dropped before an audit line.
  const backlog = createPgLogBacklog();
  return { openLog: (name, clock) => openPgAppendLog(pg.pool, name, clock, onError, { backlog }), logSource: pgLogLines(pg.pool), logWarnings: () => backlog.warnings() };
}

/** Rate limits counted in the cluster's Redis (cluster/redis-rate-limit.ts). */
const rateLimitsOn = (redis: RedisBus, mod: typeof import('./redis-rate-limit')): RateLimits => mod.redisRateLimits(redis.redis, redis.prefix);
const pairingsOn = (redis: RedisBus, mod: typeof import('./redis-pairings')) => (ttlMs: number) =>
  mod.createRedisPairings({ redis: redis.redis, prefix: redis.prefix, clock: Date.now, ttlMs });

const writersOn = (redis: RedisBus, mod: typeof import('./hall-writer')) => (deps: Pick<HallWriterDeps, 'store' | 'adopt'>) =>
  mod.createHallWriter({ ...deps, redis: redis.redis, prefix: redis.prefix });

const COLLECTIONS = Object.keys(emptyData()).filter((k) => k !== 'schemaVersion') as CollectionName[];

/** Opens the store and bus `config` asks for. */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  await mkdir(config.dataDir, { recursive: true });
  const onError = (scope: string) => (err: unknown) => logger.warn({ err: (err as Error)?.message ?? err }, `[${scope}] connection problem`);
  let bus: Bus | undefined;
  let store: (Store & { readonly created: boolean }) | undefined;
  let pg: PgStore | undefined;
  // The engines' clients are loaded only when asked for: the embedded default needs neither.
  const pgSchema = config.databaseUrl ? await import('../store/pg-schema') : undefined;
  if (config.databaseUrl) {
    const { openPgStore } = await import('../store/pg-store');
    pg = await openPgStore(config.databaseUrl, {
      onError: onError('postgres'),
      // Without Redis, PostgreSQL's own notifications are how hubs learn that another instance changed content.
      onRemoteChange: (collections) => {
        if (!config.redisUrl) for (const collection of collections) bus?.publish({ type: 'changed', collection });
      },
    });
    store = pg;
  } else store = await openLowdbStore(config.dataDir, { warn: (msg, err) => logger.warn({ err: (err as Error)?.message ?? err }, msg) });

  let redis: RedisBus | undefined;
  const resyncListeners = new Set<() => void>();
  if (config.redisUrl) {
    const sync = pg ? () => pg!.sync() : async () => {};
    const { openRedisBus } = await import('../bus-redis');
    redis = await openRedisBus(config.redisUrl, {
      prefix: config.redisPrefix,
      beforeChanged: sync,
      onError: onError('redis'),
      // Messages may have been lost: catch up, then let every hub recompute what its screens should have.
      onResync: () => {
        logger.warn('[redis] resync after reconnect or lost messages');
        void sync()
          .catch(() => {})
          .then(() => {
            for (const collection of COLLECTIONS) redis?.publishLocal({ type: 'changed', collection });
            for (const listener of resyncListeners) listener();
          });
      },
    });
    bus = redis;
  } else bus = createMemoryBus((err) => logger.error({ err }, '[bus] listener failed'));

  const secret = pg ? await loadClusterSecret(config.dataDir, (proposed) => pgSchema!.sharedSecret(pg!.pool, proposed)) : await loadInstallSecret(config.dataDir);
  const probes: Probe[] = [];
  if (pg) probes.push({ name: 'postgres', check: () => pg!.ping(), up: () => pg!.listening() });
  if (redis) probes.push({ name: 'redis', check: () => redis!.ping(), up: () => redis!.ready() });
  const health = probes.length ? probeHealth({ store: pg ? 'postgres' : 'lowdb', bus: redis ? 'redis' : 'memory' }, probes) : embeddedHealth();

  return {
    store,
    bus,
    secret,
    health,
    pg,
    redis,
    callClaims: redis ? (await import('./call-claims')).redisCallClaims(redis.redis, redis.prefix) : undefined,
    pairingBook: redis ? pairingsOn(redis, await import('./redis-pairings')) : undefined,
    rateLimits: redis ? rateLimitsOn(redis, await import('./redis-rate-limit')) : undefined,
    hallWriter: pg && redis ? writersOn(redis, await import('./hall-writer')) : undefined,
    onResync: pg && redis ? (listener) => void resyncListeners.add(listener) : undefined,
    sync: pg ? () => pg!.sync() : undefined,
    ...(pg && (await pgLogs(pg, onError('postgres')))),
    setupLock: (fn) => (pg ? pgSchema!.withSetupLock(pg.pool, async () => (await pg!.sync(), fn())) : fn()),
    async close() {
      health.stop();
      await store!.close();
      await redis?.close();
    },
  };
}

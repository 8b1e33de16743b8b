/**
 * Database blips on the PostgreSQL logs (real server, throw-away database): rows of a failed insert are
 * retried in order and stored once; the shared budget drops plays before audit lines and says so;
 * `close()` keeps trying for a bounded time.
 */
import type pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPgStore, type PgStore } from '../store/pg-store';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import { openPgAppendLog } from './pg-append-log';
import { startTestServer } from '../test-server';
import { createPgLogBacklog } from './pg-log-backlog';

let db: TestDb | undefined;
let store: PgStore | undefined;
afterEach(async () => {
  await store?.close();
  await db?.drop();
  store = db = undefined;
});
const DAY = Date.parse('2026-03-10T04:00:00Z');
const fast = { retryFirstMs: 10, retryMaxMs: 40 };

/** The store's pool, but every query rejects while `down()` says so (a connection that is gone). */
const flaky = (pool: pg.Pool, down: () => boolean) =>
  ({ query: (...args: Parameters<pg.Pool['query']>) => (down() ? Promise.reject(new Error('Connection terminated unexpectedly')) : (pool.query as (...a: unknown[]) => unknown)(...args)) }) as unknown as Pick<pg.Pool, 'query'>;

const stored = async (name: string): Promise<string[]> =>
  (await store!.pool.query<{ n: string }>("select record->>'n' as n from hs_log where name = $1 order by id", [name])).rows.map((r) => r.n);

describe('pg append log under database failures', () => {
  it('an insert that fails three times is retried: every row is stored once, in write order, rows written meanwhile after it', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let fails = 3;
    const errors: unknown[] = [];
    const log = openPgAppendLog(flaky(store.pool, () => fails-- > 0), 'play', () => DAY, (e) => errors.push(e), fast);
    // 1,200 rows: three batches, the first one rejected three times.
    for (let i = 0; i < 1200; i++) log.write({ n: String(i) });
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    for (let i = 1200; i < 1300; i++) log.write({ n: String(i) });
    await log.close();
    expect(errors).toHaveLength(3);
    expect(await stored('play')).toEqual(Array.from({ length: 1300 }, (_, i) => String(i)));
  });

  it('the table gone for a while (a real failing statement in PostgreSQL), then back: nothing lost or doubled', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    const errors: string[] = [];
    const log = openPgAppendLog(store.pool, 'audit', () => DAY, (e) => errors.push((e as Error).message), fast);
    log.write({ n: 'before' });
    await log.close();
    await store.pool.query('alter table hs_log rename to hs_log_away');
    for (let i = 0; i < 5; i++) log.write({ n: String(i) });
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    expect(errors[0]).toMatch(/hs_log/);
    await store.pool.query('alter table hs_log_away rename to hs_log');
    await log.close();
    expect(await stored('audit')).toEqual(['before', '0', '1', '2', '3', '4']);
  });

  it('past the budget the oldest plays go first, audit lines last; the drops are reported and shown', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let down = true;
    const pool = flaky(store.pool, () => down);
    const backlog = createPgLogBacklog(10);
    const errors: string[] = [];
    const onError = (e: unknown) => errors.push((e as Error).message);
    const audit = openPgAppendLog(pool, 'audit', () => DAY, onError, { ...fast, backlog });
    const play = openPgAppendLog(pool, 'play', () => DAY, onError, { ...fast, backlog });
    for (let i = 0; i < 10; i++) {
      if (i < 6) audit.write({ n: `a${i}` });
      play.write({ n: `p${i}` });
    }
    // 16 rows for 10 places: the six oldest plays went, every audit line stayed.
    expect([backlog.rows(), backlog.dropped()]).toEqual([10, 6]);
    for (let i = 6; i < 12; i++) audit.write({ n: `a${i}` });
    // No plays left to drop: then the oldest audit lines.
    expect([backlog.rows(), backlog.dropped()]).toEqual([10, 12]);
    await vi.waitFor(() => expect(errors.some((m) => m.includes('已丢弃'))).toBe(true));
    const report = errors.filter((m) => m.includes('已丢弃')).join(' ');
    expect(report).toContain('play 10 条');
    expect(report).toContain('audit 2 条');
    expect(backlog.warnings()).toEqual([expect.stringContaining('10 条尚未写入数据库'), expect.stringContaining('已丢弃 12 条')]);
    down = false;
    await Promise.all([audit.close(), play.close()]);
    expect(await stored('audit')).toEqual(Array.from({ length: 10 }, (_, i) => `a${i + 2}`));
    expect(await stored('play')).toEqual([]);
    expect(backlog.rows()).toBe(0);
    expect(backlog.warnings()).toEqual([expect.stringContaining('已丢弃 12 条')]);
  });

  it('close() stores what is pending through a short outage, and gives up after its bounded wait with a report', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let fails = 2;
    const errors: string[] = [];
    const onError = (e: unknown) => errors.push((e as Error).message);
    const log = openPgAppendLog(flaky(store.pool, () => fails-- > 0), 'calls', () => DAY, onError, fast);
    log.write({ n: '1' });
    log.write({ n: '2' });
    // Before the 200 ms buffer would have sent them, and the first two tries fail.
    await log.close();
    expect(await stored('calls')).toEqual(['1', '2']);

    const dead = openPgAppendLog(flaky(store.pool, () => true), 'kiosk', () => DAY, onError, { ...fast, closeWaitMs: 300 });
    dead.write({ n: 'x' });
    const t0 = Date.now();
    await dead.close();
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(errors.at(-1)).toContain('关闭时仍有 1 条');
  });

  it('/healthz names the rows waiting for a failing database (and still answers 200: the instance serves)', async () => {
    const backlog = createPgLogBacklog();
    const errors: unknown[] = [];
    const log = openPgAppendLog(flaky({} as pg.Pool, () => true), 'play', () => DAY, (e) => errors.push(e), { ...fast, backlog, closeWaitMs: 0 });
    log.write({ n: '1' });
    log.write({ n: '2' });
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    const t = await startTestServer({ cluster: { logWarnings: () => backlog.warnings() } });
    try {
      const r = await t.request('GET', '/healthz');
      expect(r.status).toBe(200);
      expect(r.body.warnings).toEqual([expect.stringContaining('日志记录 2 条尚未写入数据库')]);
    } finally {
      await t.close();
      await log.close();
    }
  });
});

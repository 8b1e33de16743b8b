/**
 * Append-only records in PostgreSQL (real server, throw-away database): two instances' logs read as
 * one by the reports' day reader, in order, paged; retention runs once per cluster and day.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuditQuery, readAudit } from '../audit/audit-query';
import { runRetention } from '../cluster/retention';
import { readDayLog } from '../reports/day-logs';
import { openPgStore, type PgStore } from '../store/pg-store';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import { openPgAppendLog, pgLogLines } from './pg-append-log';

let db: TestDb | undefined;
let store: PgStore | undefined;
afterEach(async () => {
  await store?.close();
  await db?.drop();
  store = db = undefined;
});
const DAY = Date.parse('2026-03-10T04:00:00Z');

describe('pg append log', () => {
  it('every record of two instances is read back once by the day reader of the reports, across pages; other logs stay out', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    await store.transact((tx) => tx.insert('halls', { id: 'h1', name: 'h', timezone: 'Asia/Shanghai', createdAt: '' }));
    let now = DAY;
    const clock = () => now;
    const a = openPgAppendLog(store.pool, 'play', clock);
    const b = openPgAppendLog(store.pool, 'play', clock);
    for (let i = 0; i < 2500; i++) {
      now = DAY + i;
      (i % 2 ? a : b).write({ screenId: 's1', hallId: 'h1', startedAt: new Date(now).toISOString(), n: i });
      // Flush in write order so the expected order is well defined across the two writers.
      if (i % 500 === 499) await Promise.all([a.close(), b.close()]);
    }
    await Promise.all([a.close(), b.close()]);
    const other = openPgAppendLog(store.pool, 'other', clock);
    other.write({ screenId: 's1', startedAt: new Date(DAY).toISOString(), n: -1 });
    await other.close();
    const seen: number[] = [];
    for await (const batch of readDayLog(store, pgLogLines(store.pool), 'play', { from: '2026-03-10', to: '2026-03-10' }, (l) => JSON.parse(l)))
      for (const r of batch) seen.push((r as unknown as { n: number }).n);
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
  });

  it('retention deletes old days once per cluster and day, keeps recent ones', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let now = DAY - 200 * 86_400_000;
    const log = openPgAppendLog(store.pool, 'calls', () => now);
    log.write({ old: true });
    now = DAY;
    log.write({ old: false });
    await log.close();
    const runs = await Promise.all([runRetention(store.pool, 180, DAY), runRetention(store.pool, 180, DAY), runRetention(store.pool, 180, DAY)]);
    expect(runs.filter((r) => r !== undefined)).toEqual([1]);
    expect((await store.pool.query('select record::text from hs_log')).rows).toHaveLength(1);
    expect(await runRetention(store.pool, 180, DAY + 86_400_000)).toBe(0);
  });
});

describe('the audit trail in cluster mode', () => {
  it('reads every instance\'s audit lines from the database, newest first, across days, in pages', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let now = DAY;
    const clock = () => now;
    const a = openPgAppendLog(store.pool, 'audit', clock);
    const b = openPgAppendLog(store.pool, 'audit', clock);
    for (let i = 0; i < 5; i++) {
      now = DAY + i * 12 * 3_600_000; // two and a half days
      (i % 2 ? a : b).write({ who: `u${i}`, action: 'slide.update', id: `s${i}`, hallId: 'h1' });
      await Promise.all([a.close(), b.close()]);
    }
    const source = pgLogLines(store.pool);
    expect(await source.days('audit')).toEqual(['2026-03-12', '2026-03-11', '2026-03-10']);
    const q = AuditQuery.parse({ limit: '3' });
    const first = await readAudit(source, q, 'all', 'Asia/Shanghai');
    expect(first.entries.map((e) => e.id)).toEqual(['s4', 's3', 's2']);
    const rest = await readAudit(source, AuditQuery.parse({ limit: '3', cursor: first.nextCursor }), 'all', 'Asia/Shanghai');
    expect(rest.entries.map((e) => e.id)).toEqual(['s1', 's0']);
    expect(rest.nextCursor).toBeUndefined();
    expect((await readAudit(source, q, ['h2'], 'Asia/Shanghai')).entries).toEqual([]);
  });

  it('pages by row id: lines written by any instance between two pages neither repeat nor skip one, across days', async () => {
    db = await createTestDb();
    store = await openPgStore(db.url);
    let now = DAY;
    const a = openPgAppendLog(store.pool, 'audit', () => now);
    const b = openPgAppendLog(store.pool, 'audit', () => now);
    for (let i = 0; i < 7; i++) {
      now = DAY + i * 8 * 3_600_000;
      (i % 2 ? a : b).write({ who: 'u', action: 'slide.update', id: `s${i}` });
      await Promise.all([a.close(), b.close()]);
    }
    const source = pgLogLines(store.pool);
    const seen: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await readAudit(source, AuditQuery.parse({ limit: '2', cursor }), 'all', 'Asia/Shanghai');
      seen.push(page.entries.map((e) => e.id!));
      cursor = page.nextCursor;
      // Someone edits while the list is read (the newest day, where the first page came from).
      (seen.length % 2 ? a : b).write({ who: 'u', action: 'slide.update', id: `new${seen.length}` });
      await Promise.all([a.close(), b.close()]);
    } while (cursor !== undefined && seen.length < 10);
    expect(seen).toEqual([['s6', 's5'], ['s4', 's3'], ['s2', 's1'], ['s0']]);
  });
});

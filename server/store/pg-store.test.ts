/**
 * The PostgreSQL store against the machine's real PostgreSQL, in a throw-away database per test:
 * the shared behavioural suite, then what only a cluster has (two instances on one database).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPgStore, type PgStore } from './pg-store';
import { createTestDb, type TestDb } from './pg-test-db';
import { storeSuite } from './store-suite';

const dbs: TestDb[] = [];
const open: PgStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => {})));
  await Promise.all(dbs.splice(0).map((d) => d.drop()));
});
const newDb = async (): Promise<TestDb> => {
  const db = await createTestDb();
  dbs.push(db);
  return db;
};
const track = (s: PgStore): PgStore => (open.push(s), s);
const at = new Date(0).toISOString();
const hall = (id: string, name = id) => ({ id, name, timezone: 'Asia/Shanghai', createdAt: at });

let url = '';
storeSuite('postgres', {
  open: async () => track(await openPgStore((url = (await newDb()).url))),
  reopen: async () => track(await openPgStore(url)),
});

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('two instances on one database', () => {
  it('a commit on one reaches the other through NOTIFY, deletes included; sync() makes it visible at once', async () => {
    const { url } = await newDb();
    const a = track(await openPgStore(url));
    const b = track(await openPgStore(url));
    await a.transact((tx) => tx.insert('halls', hall('h1')));
    await b.sync();
    expect(b.get('halls', 'h1')?.name).toBe('h1');
    await a.transact((tx) => (tx.remove('halls', 'h1'), tx.insert('halls', hall('h2'))));
    await until(() => b.get('halls', 'h1') === undefined && b.get('halls', 'h2') !== undefined);
    expect(b.version()).toBe(a.version());
  });

  it('concurrent read-modify-write on two instances loses no update (the write lock serializes them)', async () => {
    const { url } = await newDb();
    const a = track(await openPgStore(url));
    const b = track(await openPgStore(url));
    await a.transact((tx) => tx.insert('halls', hall('counter', '0')));
    const bump = (s: PgStore) => s.transact((tx) => tx.replace('halls', hall('counter', String(Number(tx.get('halls', 'counter')!.name) + 1))));
    await Promise.all(Array.from({ length: 100 }, (_, i) => bump(i % 2 ? a : b)));
    await a.sync();
    await b.sync();
    expect(a.get('halls', 'counter')?.name).toBe('100');
    expect(b.get('halls', 'counter')?.name).toBe('100');
  });

  it('an instance whose version is behind pruned tombstones reloads everything instead of keeping deleted items', async () => {
    const { url } = await newDb();
    const a = track(await openPgStore(url));
    await a.transact((tx) => tx.insert('halls', hall('gone')));
    const b = track(await openPgStore(url));
    expect(b.get('halls', 'gone')).toBeDefined();
    await a.transact((tx) => tx.remove('halls', 'gone'));
    // Simulate a long outage of b: tombstones pruned past its version, notifications missed.
    // In one transaction, as the store prunes (a multi-statement simple query is one implicit transaction).
    await a.pool.query('delete from hs_items where deleted; update hs_meta set tomb_floor = version');
    await b.sync();
    expect(b.get('halls', 'gone')).toBeUndefined();
  });

  it('a transaction that fails on the database rejects with 503 and leaves the snapshot as it was', async () => {
    const { url } = await newDb();
    const a = track(await openPgStore(url));
    await a.transact((tx) => tx.insert('halls', hall('h1')));
    // A row the database refuses makes the INSERT fail mid-transaction, after the lock and the version bump.
    await a.pool.query(`alter table hs_items add constraint refuse_bad check (id <> 'bad')`);
    await expect(a.transact((tx) => tx.insert('halls', hall('bad')))).rejects.toMatchObject({ status: 503 });
    expect(a.list('halls').map((h) => h.id)).toEqual(['h1']);
    await a.transact((tx) => tx.insert('halls', hall('h2')));
    expect(a.list('halls').map((h) => h.id)).toEqual(['h1', 'h2']);
  });
});

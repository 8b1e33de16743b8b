/**
 * Importing an embedded install into an empty PostgreSQL database (the machine's real PostgreSQL,
 * a throw-away database per test): content, secret and logs arrive; a database with content is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceKey, loadClusterSecret, loadInstallSecret } from '../auth/secrets';
import { openAppendLog } from '../logs/append-log';
import { pgLogLines } from '../logs/pg-append-log';
import { seed } from '../seed';
import { openLowdbStore } from '../store/lowdb-store';
import { openPgStore } from '../store/pg-store';
import { sharedSecret } from '../store/pg-schema';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import { ImportRefused, importLowdbToPg } from './import-lowdb';

const dbs: TestDb[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.drop()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An embedded install as `npm start` leaves it: the demo hall, a secret, a day of logs with a torn last line. */
async function embeddedInstall(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-import-'));
  dirs.push(dir);
  const store = await openLowdbStore(dir);
  await seed(store, { fresh: store.created, adminPassword: 'import-test-pass-1', now: Date.parse('2026-12-01T02:00:00Z') });
  await store.close();
  await loadInstallSecret(dir);
  const log = openAppendLog(path.join(dir, 'logs'), 'audit', () => Date.parse('2026-12-01T03:00:00Z'));
  for (let i = 0; i < 3; i++) log.write({ who: 'admin', action: 'slide.update', id: `s${i}` });
  await log.close();
  fs.appendFileSync(path.join(dir, 'logs', 'audit-2026-12-01.ndjson'), '{"at":"2026-12-01T03:00:01.000Z","who":"adm');
  return dir;
}

describe('importing an embedded install into PostgreSQL', () => {
  it('copies every collection, keeps every playerUrl key valid and brings the logs for the reports', async () => {
    const dir = await embeddedInstall();
    const db = await createTestDb();
    dbs.push(db);
    const before = await openLowdbStore(dir);
    const screens = before.list('screens');
    const counts = { halls: before.list('halls').length, screens: screens.length, slides: before.list('slides').length, users: before.list('users').length };
    await before.close();
    expect(counts.screens).toBeGreaterThan(0);

    const report = await importLowdbToPg({ dataDir: dir, databaseUrl: db.url });
    expect(report.items).toMatchObject(counts);
    expect(report).toMatchObject({ logRecords: 3, skippedLines: 1, secret: 'copied' });

    const pgStore = await openPgStore(db.url, { onError: () => {} });
    try {
      expect(pgStore.list('screens')).toEqual(screens);
      // A cluster instance started on another machine (no local secret) gets the embedded install's secret.
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-import-other-'));
      dirs.push(elsewhere);
      const clusterSecret = await loadClusterSecret(elsewhere, (proposed) => sharedSecret(pgStore.pool, proposed));
      const embeddedSecret = await loadInstallSecret(dir);
      const s = screens[0]!;
      expect(deviceKey(clusterSecret, s.id, s.keyGeneration)).toBe(deviceKey(embeddedSecret, s.id, s.keyGeneration));
      const lines: string[] = [];
      for await (const line of pgLogLines(pgStore.pool).lines('audit', '2026-12-01')) lines.push(line);
      expect(lines.map((l) => JSON.parse(l).id)).toEqual(['s0', 's1', 's2']);
    } finally {
      await pgStore.close();
    }
  });

  it('refuses a database that already holds content, and a folder without a store, changing nothing', async () => {
    const dir = await embeddedInstall();
    const db = await createTestDb();
    dbs.push(db);
    await importLowdbToPg({ dataDir: dir, databaseUrl: db.url });
    await expect(importLowdbToPg({ dataDir: dir, databaseUrl: db.url })).rejects.toThrow(ImportRefused);
    await expect(importLowdbToPg({ dataDir: dir, databaseUrl: db.url })).rejects.toThrow(/已有数据/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-import-empty-'));
    dirs.push(empty);
    await expect(importLowdbToPg({ dataDir: empty, databaseUrl: db.url })).rejects.toThrow(/没有 hall-signage\.json/);
    const pgStore = await openPgStore(db.url, { onError: () => {} });
    try {
      const lowdb = await openLowdbStore(dir);
      expect(pgStore.list('halls')).toHaveLength(lowdb.list('halls').length);
      await lowdb.close();
    } finally {
      await pgStore.close();
    }
  });
});

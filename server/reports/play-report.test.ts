import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallClock } from '../../content/wall-clock';
import { openAppendLog } from '../logs/append-log';
import { openLowdbStore } from '../store/lowdb-store';
import type { Store } from '../store/store';
import { playsPerSlide } from './play-report';

// Proof of play counted on each hall's calendar with an injected server clock, at the hours where the
// server's UTC day, the hall's day and a browser's day disagree (the suite once failed at 23:20 UTC).
const HALLS = { sh: 'Asia/Shanghai', kiri: 'Pacific/Kiritimati', pago: 'Pacific/Pago_Pago' } as const;
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-plays-'));
  store = await openLowdbStore(dir);
  await store.transact((tx) => {
    for (const [id, timezone] of Object.entries(HALLS)) tx.insert('halls', { id, name: id, timezone, createdAt: '2026-01-01T00:00:00.000Z' });
  });
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('playsPerSlide() counts a play on its hall\'s day, whatever the server\'s clock says', () => {
  it.each<[string, keyof typeof HALLS, string, string]>([
    ['23:20 UTC in Shanghai: already tomorrow', 'sh', '2026-12-01T23:20:00.000Z', '2026-12-01T23:19:00.000Z'],
    ['23:20 UTC in UTC+14', 'kiri', '2026-12-01T23:20:00.000Z', '2026-12-01T23:19:00.000Z'],
    ['23:20 UTC in UTC−11: still the UTC day', 'pago', '2026-12-01T23:20:00.000Z', '2026-12-01T23:19:00.000Z'],
    ['10:30 UTC in UTC+14: two days ahead of UTC−11', 'kiri', '2026-12-05T10:30:00.000Z', '2026-12-05T10:01:00.000Z'],
    ['10:30 UTC in UTC−11', 'pago', '2026-12-05T10:30:00.000Z', '2026-12-05T10:01:00.000Z'],
    ['uploaded two days late, after the server\'s day changed', 'sh', '2026-12-09T01:00:00.000Z', '2026-12-06T16:30:00.000Z'],
  ])('%s', async (_name, hall, serverNow, startedAt) => {
    const logDir = path.join(dir, `logs-${hall}-${serverNow}`.replace(/[:.]/g, '-'));
    const log = openAppendLog(logDir, 'play', () => Date.parse(serverNow));
    log.write({ screenId: `scr-${hall}`, hallId: hall, slideId: 'slide-1', startedAt, durationMs: 10_000 });
    await log.close();
    const day = wallClock(Date.parse(startedAt), HALLS[hall]).date;
    const on = await playsPerSlide(store, logDir, { from: day, to: day, hallId: hall });
    expect(on.slides.map((s) => [s.slideId, s.counts])).toEqual([['slide-1', [1]]]);
    // Not on the UTC date when the hall's differs from it.
    const utcDay = startedAt.slice(0, 10);
    if (utcDay !== day) expect((await playsPerSlide(store, logDir, { from: utcDay, to: utcDay, hallId: hall })).slides).toEqual([]);
  });
});

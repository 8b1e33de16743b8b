/** Screen statuses shared between two instances over the real Redis (random prefix per run). */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenStatus } from '../../content/protocol';
import { openRedisBus, type RedisBus } from '../bus-redis';
import { createRemoteStatuses, type RemoteStatuses } from './remote-statuses';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const open: (RedisBus | RemoteStatuses)[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('remote screen statuses', () => {
  it("B's wall shows A's screens; a screen A stops reporting goes stale; B's own online status wins", async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const [busA, busB] = await Promise.all([openRedisBus(URL, { prefix, onError: () => {} }), openRedisBus(URL, { prefix, onError: () => {} })]);
    open.push(busA, busB);
    let now = 1_000_000;
    const clock = () => now;
    const localA: ScreenStatus[] = [{ screenId: 's1', online: true, nowPlaying: 'A 的节目' }];
    const localB: ScreenStatus[] = [{ screenId: 's2', online: true }, { screenId: 's1', online: false }];
    const heardByB: string[] = [];
    const a = createRemoteStatuses({ bus: busA, clock, local: () => localA, onRemote: () => {}, beaconMs: 50, staleAfterMs: 10_000 });
    const b = createRemoteStatuses({ bus: busB, clock, local: () => localB, onRemote: (s) => heardByB.push(s.screenId), beaconMs: 60_000, staleAfterMs: 10_000 });
    open.push(a, b);
    await until(() => heardByB.includes('s1'));
    expect(b.merged().find((s) => s.screenId === 's1')).toMatchObject({ online: true, nowPlaying: 'A 的节目' });
    expect(b.status('s1', { screenId: 's1', online: false }).online).toBe(true);
    expect(b.merged().find((s) => s.screenId === 's2')?.online).toBe(true);
    // B holds s1 online itself: its own status wins over A's report.
    localB[1] = { screenId: 's1', online: true, nowPlaying: 'B 的节目' };
    expect(b.merged().find((s) => s.screenId === 's1')?.nowPlaying).toBe('B 的节目');
    localB[1] = { screenId: 's1', online: false };
    a.close();
    now += 20_000;
    expect(b.merged().find((s) => s.screenId === 's1')?.online).toBe(false);
  });
});

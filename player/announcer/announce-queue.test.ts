import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import { AnnounceQueue, BACKLOG_LIMIT, DEDUPE_WINDOW_MS, STALE_MS } from './announce-queue';
import { SpokenIds, SPOKEN_IDS_LIMIT, type KeyValueStorage } from './spoken-ids';

const T0 = Date.parse('2026-11-27T01:00:00Z');

/** A localStorage stand-in that survives "reloads" (new queues over the same object). */
function fakeStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

let now = T0;
let seq = 0;
function call(ticket: string, counter = '3', extra: Partial<QueueCall> = {}): QueueCall {
  const createdAt = extra.createdAt ?? new Date(now).toISOString();
  return {
    id: `c${++seq}`,
    ticket,
    counter,
    text: `请 ${ticket} 号到 ${counter} 号窗口办理`,
    audioUrl: `/voice/call.wav?ticket=${ticket}&counter=${counter}`,
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + 60_000).toISOString(),
    ...extra,
  };
}

/** Play everything to the end, returning what was said in order with its repeat count. */
function drain(queue: AnnounceQueue, stepMs = 3000): string[] {
  const said: string[] = [];
  for (let item = queue.next(); item; item = queue.next()) {
    said.push(`${item.call.ticket}×${item.repeat}`);
    now += stepMs;
    queue.finish(item.call);
  }
  return said;
}

describe('AnnounceQueue', () => {
  let storage: ReturnType<typeof fakeStorage>;
  let queue: AnnounceQueue;
  const reload = (): AnnounceQueue => new AnnounceQueue(() => now, new SpokenIds(storage, 'hs-spoken:s1'));

  beforeEach(() => {
    now = T0;
    storage = fakeStorage();
    queue = reload();
  });

  it('never hands out a second announcement while one is running', () => {
    queue.offer(call('A001', '1'));
    queue.offer(call('A002', '2'));
    const first = queue.next();
    expect(first?.call.ticket).toBe('A001');
    expect(queue.next()).toBeNull();
    expect(queue.playing?.ticket).toBe('A001');
    queue.finish(first!.call);
    expect(queue.next()?.call.ticket).toBe('A002');
  });

  it('speaks in arrival order, twice by default and as often as the call asks', () => {
    queue.offer(call('A001', '1'));
    queue.offer(call('A002', '2', { repeat: 1 }));
    queue.offer(call('A003', '3', { repeat: 3 }));
    expect(drain(queue)).toEqual(['A001×2', 'A002×1', 'A003×3']);
  });

  it('caps the repeat count at what the voice endpoint builds (3)', () => {
    queue.offer(call('A001', '1', { repeat: 5 }));
    expect(queue.next()?.repeat).toBe(3);
  });

  it(`speaks each call once while more than ${BACKLOG_LIMIT} are waiting, then goes back to the repeat`, () => {
    const tickets = ['A001', 'A002', 'A003', 'A004', 'A005', 'A006'];
    tickets.forEach((t, i) => queue.offer(call(t, String(i + 1))));
    // 6 waiting → once, 5 → once, 4 → once, then 3, 2, 1 → twice.
    expect(drain(queue)).toEqual(['A001×1', 'A002×1', 'A003×1', 'A004×2', 'A005×2', 'A006×2']);
  });

  it('decides the repeat when an announcement starts, so a burst behind a running one is spoken once', () => {
    queue.offer(call('A001', '1'));
    const first = queue.next()!;
    expect(first.repeat).toBe(2);
    for (const [i, t] of ['A002', 'A003', 'A004', 'A005'].entries()) queue.offer(call(t, String(i + 2)));
    queue.finish(first.call);
    expect(queue.next()?.repeat).toBe(1);
  });

  it(`drops the same ticket at the same counter within ${DEDUPE_WINDOW_MS / 1000} s, but not later or elsewhere`, () => {
    expect(queue.offer(call('A001', '3'))).toBe('queued');
    now += DEDUPE_WINDOW_MS - 1;
    expect(queue.offer(call('A001', '3'))).toBe('duplicate');
    expect(queue.offer(call('a001', '3'))).toBe('duplicate');
    expect(queue.offer(call('A001', '4'))).toBe('queued');
    now += 1;
    expect(drain(queue)).toEqual(['A001×2', 'A001×2']);
    expect(queue.offer(call('A001', '3', { kind: 'recall' }))).toBe('queued');
  });

  it('lets a newer call for a counter take the place of its older call still waiting', () => {
    queue.offer(call('A001', '1'));
    const running = queue.next()!;
    queue.offer(call('A002', '3'));
    queue.offer(call('A003', '5'));
    now += 1000;
    expect(queue.offer(call('A004', '3'))).toBe('superseded');
    expect(queue.pending.map((c) => c.ticket)).toEqual(['A004', 'A003']);
    queue.finish(running.call);
    expect(drain(queue)).toEqual(['A004×2', 'A003×2']);
  });

  it('never supersedes the call being spoken', () => {
    queue.offer(call('A001', '3'));
    queue.next();
    now += 1000;
    expect(queue.offer(call('A002', '3'))).toBe('queued');
    expect(queue.playing?.ticket).toBe('A001');
  });

  it('refuses an older call that arrives after a newer one for the same counter', () => {
    const late = call('A001', '3', { createdAt: new Date(now - 2000).toISOString() });
    queue.offer(call('A000', '1'));
    queue.next();
    queue.offer(call('A002', '3'));
    expect(queue.offer(late)).toBe('outdated');
  });

  it("says nothing at or after a call's expiry, also when it expires while waiting", () => {
    expect(queue.offer(call('A000', '1', { expiresAt: new Date(now).toISOString() }))).toBe('expired');
    queue.offer(call('A001', '1'));
    queue.offer(call('A002', '2', { expiresAt: new Date(now + 5000).toISOString() }));
    queue.offer(call('A003', '3'));
    const first = queue.next()!;
    now += 5000;
    queue.finish(first.call);
    expect(queue.next()?.call.ticket).toBe('A003');
  });

  it(`does not announce calls older than ${STALE_MS / 1000} s when they arrive (replay after a reconnect)`, () => {
    const old = call('A001', '1', { createdAt: new Date(now - STALE_MS - 1).toISOString() });
    const recent = call('A002', '2', { createdAt: new Date(now - STALE_MS + 1000).toISOString() });
    expect(queue.offer(old)).toBe('stale');
    expect(queue.offer(recent)).toBe('queued');
  });

  it('announces a call once, also after a reload that replays it', () => {
    const c = call('A001', '1');
    queue.offer(c);
    drain(queue);
    expect(queue.offer(c)).toBe('spoken');
    now += 2000;
    const afterReload = reload();
    expect(afterReload.offer(c)).toBe('spoken');
    expect(afterReload.next()).toBeNull();
  });

  it('counts a call as spoken from its start: a reload mid-sentence does not start it over', () => {
    const c = call('A001', '1');
    queue.offer(c);
    queue.next();
    expect(reload().offer(c)).toBe('spoken');
  });

  it('still announces after a reload a call that was only waiting when the page went away', () => {
    const a = call('A001', '1');
    const b = call('A002', '2');
    queue.offer(a);
    queue.offer(b);
    queue.next();
    const afterReload = reload();
    expect(afterReload.offer(a)).toBe('spoken');
    expect(afterReload.offer(b)).toBe('queued');
  });

  it('refuses an older call for a counter that arrives after a newer one was already spoken', () => {
    const late = call('A001', '3', { createdAt: new Date(now - 2000).toISOString() });
    queue.offer(call('A002', '3'));
    expect(drain(queue)).toEqual(['A002×2']);
    expect(queue.offer(late)).toBe('outdated');
    expect(queue.next()).toBeNull();
  });

  it('speaks a burst of 20 in one second strictly one after the other, once each while the backlog lasts, none expired', () => {
    const burst = Array.from({ length: 20 }, (_, i) => {
      now = T0 + i * 50;
      return call(`B${String(i + 1).padStart(3, '0')}`, String(i + 1));
    });
    now = T0;
    for (const c of burst) expect(queue.offer(c)).toBe('queued');
    // About 4 s per announcement: the last ones run out of time (60 s) and are never spoken.
    const said: { ticket: string; repeat: number; at: number }[] = [];
    for (let item = queue.next(); item; item = queue.next()) {
      expect(queue.next(), 'a second announcement while one runs').toBeNull();
      expect(Date.parse(item.call.expiresAt)).toBeGreaterThan(now);
      said.push({ ticket: item.call.ticket, repeat: item.repeat, at: now - T0 });
      now += 4000;
      queue.finish(item.call);
    }
    expect(said.map((s) => s.ticket)).toEqual(burst.slice(0, said.length).map((c) => c.ticket));
    expect(said.length).toBeGreaterThanOrEqual(14);
    expect(said.length).toBeLessThan(20);
    // The backlog never falls to BACKLOG_LIMIT before the rest expire: every one is said once.
    expect(said.map((s) => s.repeat)).toEqual(said.map(() => 1));
  });

  // Calls in order (ticket@counter); → what is spoken, playing each for 3 s, after the first is already speaking.
  it.each([
    [['A1@1', 'A2@2', 'B2@2'], ['A1×2', 'B2×2']],
    [['A1@1', 'A2@2', 'A3@3', 'B2@2', 'B3@3'], ['A1×2', 'B2×2', 'B3×2']],
    [['A1@1', 'B1@1', 'C1@1'], ['A1×2', 'C1×2']],
    [['A1@1', 'A2@2', 'A3@3', 'A4@4', 'A5@5', 'B3@3'], ['A1×2', 'A2×1', 'B3×2', 'A4×2', 'A5×2']],
  ])('%j: superseded calls are never spoken → %j', (offers, expected) => {
    const [first, ...rest] = offers.map((o) => o.split('@') as [string, string]);
    queue.offer(call(first![0], first![1]));
    const running = queue.next()!;
    for (const [ticket, counter] of rest) {
      now += 100;
      queue.offer(call(ticket, counter));
    }
    const said = [`${running.call.ticket}×${running.repeat}`];
    queue.finish(running.call);
    expect([...said, ...drain(queue)]).toEqual(expected);
  });

  // A call id the server reuses after a restart (the queue system's idempotency key, e.g. a ticket
  // number) is a new call when its createdAt differs; the same createdAt is a replay of the spoken one.
  it.each([
    ['same id, same createdAt (replay)', 0, false, 'spoken', []],
    ['same id, same createdAt after a reload', 0, true, 'spoken', []],
    ['same id, createdAt 1 min later', 60_000, false, 'queued', ['A001×2']],
    ['same id, createdAt the next day, after a reload', 86_400_000, true, 'queued', ['A001×2']],
  ] as const)('%s → %s', (_name, laterMs, reloadFirst, result, said) => {
    const first = call('A001', '1', { id: 'ticket-A001' });
    queue.offer(first);
    drain(queue);
    now = T0 + Math.max(laterMs, 3000);
    const again = laterMs === 0 ? { ...first } : call('A001', '1', { id: 'ticket-A001', createdAt: new Date(T0 + laterMs).toISOString() });
    const q = reloadFirst ? reload() : queue;
    expect(q.offer(again)).toBe(result);
    expect(drain(q)).toEqual(said);
  });

  // Entries stored before createdAt was kept are plain ids: they stand for calls posted before the page loaded.
  it.each([
    ['the replay of the call spoken before the upgrade', -2000, 'spoken'],
    ['a new call posted after the page loaded that reuses the id', 1000, 'queued'],
  ] as const)('an old plain-id entry: %s → %s', (_name, createdOffsetMs, result) => {
    storage.data.set('hs-spoken:s1', JSON.stringify(['ticket-A001']));
    const loaded = new AnnounceQueue(() => now, new SpokenIds(storage, 'hs-spoken:s1', SPOKEN_IDS_LIMIT, T0));
    now = T0 + Math.max(0, createdOffsetMs);
    expect(loaded.offer(call('A001', '1', { id: 'ticket-A001', createdAt: new Date(T0 + createdOffsetMs).toISOString() }))).toBe(result);
  });

  it('keeps the remembered calls bounded and survives corrupt or failing storage', () => {
    const ids = new SpokenIds(storage, 'k', 5);
    const at = (i: number) => ({ id: `id${i}`, createdAt: new Date(T0 + i).toISOString() });
    for (let i = 0; i < 8; i++) ids.add(at(i));
    expect((JSON.parse(storage.data.get('k')!) as string[]).map((k) => k.split('\u0000')[0])).toEqual(['id3', 'id4', 'id5', 'id6', 'id7']);
    expect(new SpokenIds(storage, 'k', 5).has(at(2))).toBe(false);
    expect(new SpokenIds(storage, 'k', 5).has(at(7))).toBe(true);
    storage.data.set('bad', '{not json');
    expect(new SpokenIds(storage, 'bad').has(at(1))).toBe(false);
    const failing: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const memoryOnly = new SpokenIds(failing, 'k');
    memoryOnly.add(at(1));
    expect(memoryOnly.has(at(1))).toBe(true);
    expect(SPOKEN_IDS_LIMIT).toBeGreaterThanOrEqual(100);
  });
});

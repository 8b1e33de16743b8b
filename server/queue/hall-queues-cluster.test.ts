/**
 * Two instances' hall queues on the machine's real Redis (REDIS_TEST_URL): events of one hall applied
 * on both instances at the same moment must all end up on both instances' boards.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { QueueEvent } from '../../content/queue';
import type { BusEvent } from '../bus';
import { openRedisBus, type RedisBus } from '../bus-redis';
import type { StoreReader } from '../store/store';
import { createHallQueues, type HallQueues } from './hall-queues';

const URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const buses: RedisBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});
const emptyStore = { list: () => [], get: () => undefined };
const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** One instance: its bus, its hall queues, and what its hubs (listening after the queues) were handed. */
async function instance(prefix: string, store: StoreReader = emptyStore): Promise<{ bus: RedisBus; queues: HallQueues; seen: BusEvent[] }> {
  const bus = await openRedisBus(URL, { prefix, onError: () => {} });
  buses.push(bus);
  const queues = createHallQueues({ store, bus, clock: Date.now });
  const seen: BusEvent[] = [];
  bus.subscribe((e) => seen.push(structuredClone(e)));
  return { bus, queues, seen };
}

const at = new Date('2026-12-02T02:00:00.000Z');
function called(id: string, ticket: string, counter: string, ms: number): { event: QueueEvent; call: QueueCall } {
  const createdAt = new Date(at.getTime() + ms).toISOString();
  const call: QueueCall = { id, ticket, counter, hallId: 'h1', kind: 'call', text: `请${ticket}号到${counter}号窗口`, createdAt, expiresAt: new Date(at.getTime() + ms + 60_000).toISOString() };
  return { event: { type: 'ticket.called', eventId: id, hallId: 'h1', occurredAt: createdAt, ticket, counter }, call };
}
/** What queue-calls.ts does with an accepted call: apply, then publish with the delta, state and event. */
function submit(q: HallQueues, bus: RedisBus, c: { event: QueueEvent; call: QueueCall }): void {
  const { delta } = q.applyCall(c.event, c.call);
  bus.publish({ type: 'call', call: c.call, screenIds: [], ...(delta && { board: delta, state: q.get('h1'), event: c.event }) });
}
const board = (q: HallQueues): string[] => q.get('h1').counters.map((c) => `${c.counter}:${c.ticket}`);

describe('hall queues of two instances', () => {
  it('keep both counters called at the same moment on two instances, on both', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    // Both apply before either hears the other: the case where adopting the other's state lost one.
    submit(a.queues, a.bus, called('c1', 'A001', '1', 0));
    submit(b.queues, b.bus, called('c2', 'B001', '2', 5));
    await until(() => board(a.queues).length === 2 && board(b.queues).length === 2);
    expect(board(a.queues)).toEqual(['1:A001', '2:B001']);
    expect(board(b.queues)).toEqual(['1:A001', '2:B001']);
    expect(a.queues.get('h1').recentCalls.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    // Heard from the other instance but not stored anywhere yet: a retry sent here must be taken.
    expect(a.queues.hasEvent('h1', 'c2')).toBe(false);
    expect(b.queues.hasEvent('h1', 'c1')).toBe(false);
  });

  it('hand their own hubs their own revision for a remote call, in one sequence per instance', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    submit(a.queues, a.bus, called('c1', 'A001', '1', 0));
    submit(b.queues, b.bus, called('c2', 'B001', '2', 5));
    await until(() => a.seen.length === 2 && b.seen.length === 2);
    for (const { seen, queues } of [a, b]) {
      const revs = seen.map((e) => (e.type === 'call' ? e.board?.rev : undefined));
      expect(revs).toEqual([1, 2]);
      const last = seen.at(-1)!;
      expect(last.type === 'call' && last.state?.rev).toBe(queues.get('h1').rev);
    }
  });

  it('order a counter by seq whichever instance got the later event first', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    const newer = called('c9', 'A009', '3', 10);
    const older = called('c8', 'A008', '3', 0);
    submit(a.queues, a.bus, { ...newer, event: { ...newer.event, seq: 9 } });
    submit(b.queues, b.bus, { ...older, event: { ...older.event, seq: 8 } });
    await until(() => a.seen.length === 2 && b.seen.length === 2);
    expect(board(a.queues)).toEqual(['3:A009']);
    expect(board(b.queues)).toEqual(['3:A009']);
  });

  it('keep the newer call of a counter when calls without seq cross on the bus', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    submit(a.queues, a.bus, called('c1', 'A001', '3', 0));
    submit(b.queues, b.bus, called('c2', 'A002', '3', 50));
    await until(() => a.seen.length === 2 && b.seen.length === 2);
    expect(board(a.queues)).toEqual(['3:A002']);
    expect(board(b.queues)).toEqual(['3:A002']);
    // The late older call changed no board on b: its hubs got no delta for it.
    const late = b.seen.find((e) => e.type === 'call' && e.call.id === 'c1');
    expect(late?.type === 'call' && late.board).toBeUndefined();
  });

  it('apply an event sent to both instances once, and call a heard event a duplicate once the store holds it', async () => {
    const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
    let stored: string[] = [];
    const store: StoreReader = { list: () => [], get: ((c: string, id: string) => (c === 'queues' && id === 'h1' ? { id, eventIds: stored } : undefined)) as StoreReader['get'] };
    const a = await instance(prefix, store);
    const b = await instance(prefix, store);
    const c = called('c7', 'A007', '7', 0);
    submit(a.queues, a.bus, c);
    submit(b.queues, b.bus, c);
    await until(() => a.seen.length === 2 && b.seen.length === 2);
    for (const q of [a.queues, b.queues]) expect(q.get('h1').recentCalls.map((r) => r.id)).toEqual(['c7']);
    const d = called('c8', 'A008', '8', 10);
    submit(a.queues, a.bus, d);
    await until(() => b.seen.length === 3);
    expect(b.queues.hasEvent('h1', 'c8')).toBe(false);
    stored = ['c8'];
    expect(b.queues.hasEvent('h1', 'c8')).toBe(true);
  });
});

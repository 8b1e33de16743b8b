/**
 * One writer per hall, on the machine's real PostgreSQL and Redis: two instances (two-instances.ts)
 * calling in one hall. What the store holds
 * afterwards is what a restarted instance and a newly paired TV read, so it must hold every call.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyQueueEvent } from '../../content/queue-state';
import type { QueueEvent } from '../../content/queue';
import { createClient } from 'redis';
import type { RedisClient } from '../bus-redis';
import type { HallQueues } from '../queue/hall-queues';
import type { CallService } from '../queue-calls';
import type { PgStore } from '../store/pg-store';
import type { TestDb } from '../store/pg-test-db';
import type { Store } from '../store/store';
import { PENDING_TTL_MS } from './call-claims';
import { createHallWriter, WAIT_MS } from './hall-writer';
import { hallDb, openInstance, type Instance, type InstanceOptions } from './two-instances';

const dbs: TestDb[] = [];
const open: Instance[] = [];
afterEach(async () => {
  for (const i of open.splice(0).reverse()) await i.close();
  await Promise.all(dbs.splice(0).map((d) => d.drop()));
});
const prefix = (): string => `hs-test-${randomBytes(4).toString('hex')}:`;

/** An instance as app.ts wires one (two-instances.ts); the positional form reads well in these tests. */
async function instance(url: string, writerPrefix: string, busPrefix = writerPrefix, leaseMs?: number, opts: Omit<InstanceOptions, 'busPrefix' | 'leaseMs'> = {}): Promise<Instance> {
  const i = await openInstance(url, writerPrefix, { ...opts, busPrefix, leaseMs });
  open.push(i);
  return i;
}

async function hallDbUrl(): Promise<string> {
  const db = await hallDb();
  dbs.push(db);
  return db.url;
}

const call = (c: CallService, ticket: string, counter: string, hallId = 'h1') => c.submit({ id: `k-${ticket}`, ticket, counter, hallId, actor: 'test' });
const storedBoard = async (s: PgStore, hallId = 'h1'): Promise<string[]> => {
  await s.sync();
  return (s.get('queues', hallId)?.state.counters ?? []).map((c) => `${c.counter}:${c.ticket}`).sort();
};
const storedCalls = async (s: PgStore): Promise<string[]> => (await s.sync(), s.list('calls').map((c) => c.ticket).sort());
const board = (q: HallQueues): string[] => q.get('h1').counters.map((c) => `${c.counter}:${c.ticket}`).sort();

describe('one writer per hall', () => {
  it('keeps a call stored by one instance when another that never heard it writes the hall next', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p, `${p}a:`);
    const b = await instance(url, p, `${p}b:`);
    await call(a.calls, 'A001', '1');
    await call(b.calls, 'B001', '2');
    // b took the hall over from a: it adopted the stored board before applying its own call.
    expect(await storedBoard(b.store)).toEqual(['1:A001', '2:B001']);
    expect(board(b.queues)).toEqual(['1:A001', '2:B001']);
    expect(b.seen.some((e) => e.type === 'queueState' && e.state.counters.some((c) => c.ticket === 'A001'))).toBe(true);
    await call(a.calls, 'A002', '3');
    expect(await storedBoard(a.store)).toEqual(['1:A001', '2:B001', '3:A002']);
  });

  it('loses no counter when both instances call in one hall at the same moment', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p);
    const b = await instance(url, p);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? b.calls : a.calls, `T${String(i).padStart(3, '0')}`, String(i + 1))));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const all = Array.from({ length: 20 }, (_, i) => `${i + 1}:T${String(i).padStart(3, '0')}`).sort();
    expect(await storedBoard(a.store)).toEqual(all);
    await new Promise((r) => setTimeout(r, 100)); // the last bus messages
    expect(board(a.queues)).toEqual(all);
    expect(board(b.queues)).toEqual(all);
  });

  it('refuses the write of an instance whose lease ran out and was taken over (fence)', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p, p, 150);
    const b = await instance(url, p, p, 150);
    await call(a.calls, 'A001', '1');
    await a.writer.enter('h1'); // a stalls holding the hall: its lease runs out
    await new Promise((r) => setTimeout(r, 200));
    await b.writer.enter('h1');
    await b.store.transact((tx) => b.queues.persist(tx, 'h1'));
    await expect(a.store.transact((tx) => a.queues.persist(tx, 'h1'))).rejects.toMatchObject({ status: 503 });
    expect((await (b.store.sync(), b.store.get('queues', 'h1')))?.fence).toBe(2);
    b.writer.leave('h1');
    a.writer.leave('h1');
  });

  it('makes another instance wait while one holds the hall, and hands it over when the write settles', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p);
    const b = await instance(url, p);
    await a.writer.enter('h1');
    let got = false;
    const waiting = b.writer.enter('h1')!.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toBe(false);
    const left = Date.now();
    a.writer.leave('h1');
    await waiting;
    expect(Date.now() - left).toBeLessThan(1000);
    expect(b.writer.busy('h1')).toBe(true);
    b.writer.leave('h1');
  });

  it('enters without a round trip while it holds the hall, and answers 503 when Redis is gone', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p);
    await a.writer.enter('h1');
    expect(a.writer.enter('h1')).toBeUndefined();
    a.writer.leave('h1');
    a.writer.leave('h1');
    const dead = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }) as unknown as RedisClient; // never connected: commands fail at once
    const store = a.store;
    const lost = createHallWriter({ redis: dead, prefix: p, store, adopt: () => {} });
    await expect(lost.enter('h1')).rejects.toMatchObject({ status: 503 });
    expect(lost.busy('h1')).toBe(false);
  });

  it('waits for a call still being written before a takeover, so its board change is not dropped', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p, p, 4);
    await call(a.calls, 'A000', '9');
    const first = call(a.calls, 'A001', '1');
    await new Promise((r) => setTimeout(r, 8)); // a's lease has run out; A001 is in its commit window
    await a.bus.redis.del(`${p}qw:last:h1`); // as after a Redis restart: who wrote last is forgotten
    await Promise.all([first, call(a.calls, 'A002', '2')]);
    expect(await storedCalls(a.store)).toEqual(['A000', 'A001', 'A002']);
    expect(await storedBoard(a.store)).toEqual(['1:A001', '2:A002', '9:A000']);
  });

  it('takes the hall over again after a takeover failed, instead of refusing every call after it', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    let failNext = false;
    const flaky = (s: PgStore): Store => ({ ...s, list: s.list, get: s.get, transact: (fn) => (failNext ? ((failNext = false), Promise.reject(new Error('connection reset'))) : s.transact(fn)) }) as Store;
    const a = await instance(url, p, p, undefined, { writerStore: flaky });
    const b = await instance(url, p);
    await call(a.calls, 'A001', '1');
    await call(b.calls, 'B001', '2');
    failNext = true;
    await expect(call(a.calls, 'A002', '3')).rejects.toMatchObject({ status: 503 });
    await call(a.calls, 'A003', '3');
    expect(await storedBoard(a.store)).toEqual(['1:A001', '2:B001', '3:A003']);
  });

  it('answers a retry that arrives while the first waits for the hall with the first one\'s outcome, not an early duplicate', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p, p, undefined, { waitMs: 300 });
    const b = await instance(url, p);
    await b.writer.enter('h1'); // b is stuck holding the hall
    const first = a.calls.submit({ id: 'k-A001', ticket: 'A001', counter: '1', hallId: 'h1', actor: 'test' });
    const retry = a.calls.submit({ id: 'k-A001', ticket: 'A001', counter: '1', hallId: 'h1', actor: 'test' });
    await expect(first).rejects.toMatchObject({ status: 503 });
    await expect(retry).rejects.toMatchObject({ status: 503 });
    b.writer.leave('h1');
    const again = await a.calls.submit({ id: 'k-A001', ticket: 'A001', counter: '1', hallId: 'h1', actor: 'test' });
    expect(again.duplicate).toBe(false);
    expect(await storedCalls(a.store)).toEqual(['A001']);
  });

  it('refuses only the calls of a hall it may no longer write; the other halls of the batch are stored', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p);
    await Promise.all([call(a.calls, 'A001', '1', 'h1'), call(a.calls, 'C001', '1', 'h2')]);
    // Another instance took h1 over behind a's back (as when a stalled past its lease).
    await a.store.transact((tx) => tx.replace('queues', { ...tx.get('queues', 'h1')!, fence: 99 }));
    const [h1, h2] = await Promise.allSettled([call(a.calls, 'A002', '2', 'h1'), call(a.calls, 'C002', '2', 'h2')]);
    expect(h1.status === 'rejected' && (h1.reason as { status: number }).status).toBe(503);
    expect(h2.status).toBe('fulfilled');
    expect(await storedCalls(a.store)).toEqual(['A001', 'C001', 'C002']);
  });

  it('waits for the hall less long than a call claim stays pending (else a retry elsewhere would announce it again)', () => {
    expect(WAIT_MS).toBeLessThan(PENDING_TTL_MS);
  });

  it('resyncs a board that missed messages from the store, and leaves one that missed nothing alone', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p, `${p}a:`);
    const b = await instance(url, p, `${p}b:`);
    await call(a.calls, 'A001', '1');
    await b.store.sync();
    expect(board(b.queues)).toEqual([]);
    expect(b.queues.resync(b.store.get('queues', 'h1')!)).toBe(true);
    expect(board(b.queues)).toEqual(['1:A001']);
    expect(b.seen.at(-1)?.type).toBe('queueState');
    expect(b.queues.resync(b.store.get('queues', 'h1')!)).toBe(false);
  });
  it('after a resync keeps what it heard from the writer that the store does not hold yet', async () => {
    const url = await hallDbUrl();
    const p = prefix();
    const a = await instance(url, p);
    const b = await instance(url, p);
    await call(a.calls, 'Y001', '1');
    await b.store.sync();
    const before = b.store.get('queues', 'h1')!; // the store as it was: without X
    await call(a.calls, 'X001', '2');
    await new Promise((r) => setTimeout(r, 100)); // b hears X
    expect(board(b.queues)).toEqual(['1:Y001', '2:X001']);
    // What b missed while Redis was away: Z, stored by the writer; the store b reads lacks X still.
    const occurredAt = new Date().toISOString();
    const z: QueueEvent = { type: 'ticket.called', eventId: 'ez', hallId: 'h1', occurredAt, ticket: 'Z001', counter: '7' };
    const missed = { ...before, state: applyQueueEvent(before.state, z).state, eventIds: [...before.eventIds, 'ez'], eventAt: [...(before.eventAt ?? []), Date.now()] };
    expect(b.queues.resync(missed)).toBe(true);
    expect(board(b.queues)).toEqual(['1:Y001', '2:X001', '7:Z001']);
  });
});

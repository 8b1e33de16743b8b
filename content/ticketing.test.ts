/** The hall's own queue rules: one table per rule, fixed instants, no clock. */
import { describe, expect, it } from 'vitest';
import { counterShare, estimateWaitMinutes, hallDay, peopleAhead, pickNext, quantile, recentServiceMs, serviceClosedReason, servicesOfCounter, ticketNumber, transferRefusal } from './ticketing';
import type { QueueService, QueueTicket } from './ticketing-model';

const T0 = Date.parse('2026-11-27T01:00:00.000Z');
const at = (min: number): string => new Date(T0 + min * 60_000).toISOString();
const svc = (id: string, extra: Partial<QueueService> = {}): QueueService => ({
  id,
  hallId: 'h',
  name: id,
  prefix: id.toUpperCase().slice(0, 1),
  counters: ['1'],
  order: 0,
  createdAt: at(0),
  updatedAt: at(0),
  ...extra,
});
let seq = 0;
const tkt = (serviceId: string, min: number, extra: Partial<QueueTicket> = {}): QueueTicket => {
  seq++;
  return {
    id: `t${seq}`,
    hallId: 'h',
    serviceId,
    number: `${serviceId.toUpperCase().slice(0, 1)}${String(seq).padStart(3, '0')}`,
    day: '2026-11-27',
    seq,
    priority: false,
    status: 'waiting',
    source: 'token',
    takenAt: at(min),
    queuedAt: at(min),
    recalls: 0,
    transfers: [],
    ...extra,
  };
};

describe('ticketNumber()', () => {
  it.each([
    ['A', 1, 'A001'],
    ['B', 42, 'B042'],
    ['V', 999, 'V999'],
    ['A', 1000, 'A1000'],
    ['AB', 7, 'AB007'],
  ])('%s + %i → %s', (prefix, n, out) => expect(ticketNumber(prefix, n)).toBe(out));
});

describe('hallDay() rolls over at the hall\'s midnight', () => {
  it.each([
    // DST-free zones
    ['Asia/Shanghai', '2026-11-27T15:59:59Z', '2026-11-27'],
    ['Asia/Shanghai', '2026-11-27T16:00:00Z', '2026-11-28'],
    ['Pacific/Pago_Pago', '2026-11-28T10:59:59Z', '2026-11-27'],
    ['Pacific/Pago_Pago', '2026-11-28T11:00:00Z', '2026-11-28'],
    ['UTC', '2026-11-27T23:59:59Z', '2026-11-27'],
    // DST zones: midnight moves with the offset
    ['Europe/Berlin', '2026-03-28T22:59:59Z', '2026-03-28'], // +01:00 before the switch
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29'],
    ['Europe/Berlin', '2026-03-29T21:59:59Z', '2026-03-29'], // +02:00 after it
    ['Europe/Berlin', '2026-03-29T22:00:00Z', '2026-03-30'],
    ['America/New_York', '2026-11-01T03:59:59Z', '2026-10-31'], // EDT
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01'],
    ['America/New_York', '2026-11-02T04:59:59Z', '2026-11-01'], // the 25-hour day, now EST
    ['America/New_York', '2026-11-02T05:00:00Z', '2026-11-02'],
    // Santiago changes at midnight itself (00:00 → 01:00 in September)
    ['America/Santiago', '2026-09-06T03:59:59Z', '2026-09-05'],
    ['America/Santiago', '2026-09-06T04:00:00Z', '2026-09-06'],
  ])('%s at %s is %s', (zone, iso, day) => expect(hallDay(Date.parse(iso), zone)).toBe(day));
});

describe('pickNext()', () => {
  const a = svc('a', { counters: ['1', '2'] });
  const b = svc('b', { counters: ['1'], order: 1 });
  const v = svc('v', { counters: ['1'], order: 2, priority: true, normalPerPriority: 2 });
  const cases: { name: string; waiting: QueueTicket[]; services: QueueService[]; counter?: string; since?: number; want: string | undefined }[] = [
    { name: 'nobody waits', waiting: [], services: [a], want: undefined },
    { name: 'oldest of the first service', waiting: [tkt('a', 5, { id: 'late' }), tkt('a', 1, { id: 'early' })], services: [a, b], want: 'early' },
    { name: 'first service in order before an older ticket of the second', waiting: [tkt('b', 0, { id: 'b0' }), tkt('a', 9, { id: 'a9' })], services: [a, b], want: 'a9' },
    { name: 'second service when the first is empty', waiting: [tkt('b', 0, { id: 'b0' })], services: [a, b], want: 'b0' },
    { name: 'a service the counter does not serve is ignored', waiting: [tkt('b', 0)], services: [a], want: undefined },
    { name: 'a ticket sent to this counter comes first', waiting: [tkt('a', 0, { id: 'a0' }), tkt('b', 9, { id: 'sent', forCounter: '1' })], services: [a], want: 'sent' },
    { name: 'a ticket sent to another counter is never taken', waiting: [tkt('a', 0, { id: 'other', forCounter: '2' })], services: [a], want: undefined },
    { name: 'fairness: normal first while fewer than N normal were called', waiting: [tkt('v', 0, { id: 'p', priority: true }), tkt('a', 5, { id: 'n' })], services: [a, b, v], since: 1, want: 'n' },
    { name: 'fairness: priority once N normal were called', waiting: [tkt('v', 0, { id: 'p', priority: true }), tkt('a', 5, { id: 'n' })], services: [a, b, v], since: 2, want: 'p' },
    { name: 'fairness: priority when no normal ticket waits', waiting: [tkt('v', 0, { id: 'p', priority: true })], services: [a, v], since: 0, want: 'p' },
    { name: 'fairness: default N = 3', waiting: [tkt('v', 0, { id: 'p', priority: true }), tkt('a', 5, { id: 'n' })], services: [a, svc('v', { priority: true, order: 2 })], since: 2, want: 'n' },
    { name: 'a called ticket is not waiting', waiting: [tkt('a', 0, { status: 'called' })], services: [a], want: undefined },
  ];
  it.each(cases)('$name', ({ waiting, services, counter, since, want }) => {
    expect(pickNext({ waiting, services, counter: counter ?? '1', normalSincePriority: since ?? 0 })?.id).toBe(want);
  });

  it('one priority per N normal over a long line', () => {
    const waiting = [...Array.from({ length: 6 }, (_, i) => tkt('a', i, { id: `n${i}` })), ...Array.from({ length: 3 }, (_, i) => tkt('v', i, { id: `p${i}`, priority: true }))];
    const order: string[] = [];
    let since = 0;
    for (;;) {
      const t = pickNext({ waiting, services: [a, v], counter: '1', normalSincePriority: since });
      if (!t) break;
      order.push(t.id);
      t.status = 'called';
      since = t.priority ? 0 : since + 1;
    }
    expect(order).toEqual(['n0', 'n1', 'p0', 'n2', 'n3', 'p1', 'n4', 'n5', 'p2']);
  });
});

describe('servicesOfCounter()', () => {
  it('lists the services naming the counter, in service order', () => {
    const list = [svc('x', { order: 2, counters: ['1'] }), svc('y', { order: 0, counters: ['1', '2'] }), svc('z', { order: 1, counters: ['2'] })];
    expect(servicesOfCounter(list, '1').map((s) => s.id)).toEqual(['y', 'x']);
    expect(servicesOfCounter(list, '2').map((s) => s.id)).toEqual(['y', 'z']);
  });
});

describe('peopleAhead() and estimateWaitMinutes()', () => {
  it('counts earlier waiting tickets of the same service only', () => {
    const mine = tkt('a', 10);
    const all = [tkt('a', 1), tkt('a', 2, { status: 'called' }), tkt('b', 3), tkt('a', 11), mine];
    expect(peopleAhead(mine, all)).toBe(1);
  });
  it.each([
    { recentMs: [300_000, 300_000], ahead: 4, openCounters: 2, want: 10 },
    { recentMs: [120_000, 240_000], ahead: 3, openCounters: 1, want: 9 },
    { recentMs: [], fallbackMinutes: 8, ahead: 2, openCounters: 2, want: 8 },
    { recentMs: [], ahead: 1, openCounters: 1, want: 5 },
    { recentMs: [60_000], ahead: 0, openCounters: 3, want: 0 },
    { recentMs: [60_000], ahead: 5, openCounters: 0, want: undefined },
  ])('recent $recentMs × $ahead ahead ÷ $openCounters counters → $want min', ({ want, ...input }) => expect(estimateWaitMinutes(input)).toBe(want));
  it('takes the newest finished service times of the service', () => {
    const done = (min: number, len: number, serviceId = 'a') => tkt(serviceId, 0, { status: 'done', calledAt: at(min), doneAt: at(min + len) });
    const list = [done(0, 1), done(10, 2), done(20, 3), done(30, 9, 'b'), tkt('a', 5)];
    expect(recentServiceMs(list, 'a', 2)).toEqual([180_000, 120_000]);
  });
});

describe('transferRefusal()', () => {
  const a = svc('a', { counters: ['1', '2'] });
  const b = svc('b', { counters: ['3'] });
  const serving = tkt('a', 0, { status: 'called', counter: '1' });
  it.each([
    { name: 'to another service', ticket: serving, target: b, to: undefined, ok: true },
    { name: 'to another counter of the same service', ticket: serving, target: a, to: '2', ok: true },
    { name: 'nothing at the counter', ticket: undefined, target: b, to: undefined, ok: false },
    { name: 'unknown service', ticket: serving, target: undefined, to: undefined, ok: false },
    { name: 'the same service without a counter', ticket: serving, target: a, to: undefined, ok: false },
    { name: 'a counter that does not serve the target', ticket: serving, target: b, to: '2', ok: false },
    { name: 'back to this counter', ticket: serving, target: a, to: '1', ok: false },
    { name: 'a closed service', ticket: serving, target: svc('c', { counters: ['3'], open: false }), to: undefined, ok: false },
    { name: 'another hall', ticket: serving, target: svc('d', { hallId: 'other', counters: ['3'] }), to: undefined, ok: false },
  ])('$name → allowed: $ok', ({ ticket, target, to, ok }) => expect(transferRefusal(ticket, target, to) === undefined).toBe(ok));
});

describe('serviceClosedReason()', () => {
  const zone = 'Asia/Shanghai';
  it.each([
    { name: 'open, no hours', s: { counters: ['1'] }, iso: '2026-11-27T01:00:00Z', open: true },
    { name: 'closed by staff', s: { counters: ['1'], open: false }, iso: '2026-11-27T01:00:00Z', open: false },
    { name: 'no counter', s: { counters: [] }, iso: '2026-11-27T01:00:00Z', open: false },
    { name: 'inside hours (09:00 local)', s: { counters: ['1'], hours: [{ start: '08:30', end: '17:00' }] }, iso: '2026-11-27T01:00:00Z', open: true },
    { name: 'before hours (08:00 local)', s: { counters: ['1'], hours: [{ start: '08:30', end: '17:00' }] }, iso: '2026-11-27T00:00:00Z', open: false },
    { name: 'at the end (17:00 local)', s: { counters: ['1'], hours: [{ start: '08:30', end: '17:00' }] }, iso: '2026-11-27T09:00:00Z', open: false },
    { name: 'a window across midnight (23:30 local)', s: { counters: ['1'], hours: [{ start: '22:00', end: '02:00' }] }, iso: '2026-11-27T15:30:00Z', open: true },
  ])('$name', ({ s, iso, open }) => expect(serviceClosedReason(s, Date.parse(iso), zone) === undefined).toBe(open));
});

describe('quantile()', () => {
  it.each([
    [[], 0.9, undefined],
    [[5], 0.9, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
  ])('%j at %f → %s', (xs, q, want) => expect(quantile(xs, q)).toBe(want));
});

describe('counterShare()', () => {
  const A = { id: 'a' };
  const B = { id: 'b' };
  const V = { id: 'v', priority: true, normalPerPriority: 3 };
  const w = (counts: Partial<Record<string, number>>) => (id: string) => counts[id] ?? 0;
  it.each([
    { name: 'two counters of its own', id: 'a', counters: [[A], [A]], waiting: { a: 5 }, want: 2 },
    { name: 'a shared counter serving another busy service first gives nothing', id: 'b', counters: [[A, B], [B]], waiting: { a: 3, b: 2 }, want: 1 },
    { name: 'a shared counter whose first service is empty gives all', id: 'b', counters: [[A, B], [B]], waiting: { b: 2 }, want: 2 },
    { name: 'priority waiting takes 1 / (N + 1) of a normal counter', id: 'a', counters: [[A, V]], waiting: { a: 4, v: 1 }, want: 0.75 },
    { name: 'a priority service gets 1 / (N + 1) while normal tickets wait', id: 'v', counters: [[A, V], [B, V]], waiting: { a: 4, v: 1 }, want: 1.25 },
    { name: 'a priority service alone gets the whole counter', id: 'v', counters: [[A, V]], waiting: { v: 1 }, want: 1 },
    { name: 'starved: never below half a counter', id: 'b', counters: [[A, B]], waiting: { a: 9, b: 1 }, want: 0.5 },
    { name: 'no open counter', id: 'b', counters: [[A]], waiting: { b: 1 }, want: 0 },
  ])('$name → $want', ({ id, counters, waiting, want }) => {
    expect(counterShare(id, counters.map((services) => ({ services })), w(waiting))).toBeCloseTo(want, 6);
  });
});

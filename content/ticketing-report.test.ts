/** 排队统计 over a hand-made day: counts, transfers, waits and service times per service, counter and hour. */
import { describe, expect, it } from 'vitest';
import type { QueueService, QueueTicket } from './ticketing-model';
import { queueReport, spread } from './ticketing-report';

const at = (hhmm: string, day = '2026-11-27'): string => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const svc = (id: string, prefix: string): QueueService => ({ id, hallId: 'h', name: id, prefix, counters: ['1', '2'], order: 0, createdAt: at('08:00'), updatedAt: at('08:00') });
const base = (id: string, serviceId: string, taken: string, extra: Partial<QueueTicket> = {}): QueueTicket => ({
  id,
  hallId: 'h',
  serviceId,
  number: id,
  day: '2026-11-27',
  seq: 1,
  priority: false,
  status: 'waiting',
  source: 'token',
  takenAt: at(taken),
  queuedAt: at(taken),
  recalls: 0,
  transfers: [],
  ...extra,
});

describe('queueReport()', () => {
  const tickets: QueueTicket[] = [
    base('A001', 'a', '09:00', { status: 'done', counter: '1', firstCalledAt: at('09:10'), calledAt: at('09:10'), doneAt: at('09:15') }),
    base('A002', 'a', '09:05', { status: 'done', counter: '2', firstCalledAt: at('09:25'), calledAt: at('09:25'), doneAt: at('09:40') }),
    base('A003', 'a', '09:30', { status: 'skipped', counter: '1', firstCalledAt: at('09:40') }),
    // Taken in A, moved by counter 1 to B, done at counter 2.
    base('A004', 'b', '14:00', { status: 'done', counter: '2', firstCalledAt: at('14:02'), calledAt: at('14:20'), doneAt: at('14:30'), transfers: [{ at: at('14:05'), from: 'a', to: 'b', counter: '1' }] }),
    base('B001', 'b', '14:10'),
    base('B000', 'b', '16:00', { day: '2026-11-26' }),
  ];
  const r = queueReport({ tickets, services: [svc('a', 'A'), svc('b', 'B')], from: '2026-11-26', to: '2026-11-27', today: '2026-11-27', timeZone: () => 'Asia/Shanghai' });
  const a = r.services.find((s) => s.serviceId === 'a')!;
  const b = r.services.find((s) => s.serviceId === 'b')!;

  it.each([
    ['A tickets (taken there)', a.tickets, 4],
    ['A served', a.served, 2],
    ['A skipped', a.skipped, 1],
    ['A transferred out', a.transferred, 1],
    ['B tickets', b.tickets, 2],
    ['B served (the moved one)', b.served, 1],
    ['B waiting today', b.waiting, 1],
    ['B left unserved yesterday', b.leftUnserved, 1],
    ['all tickets', r.totals.tickets, 6],
  ])('%s = %i', (_name, got, want) => expect(got).toBe(want));

  it('wait is first call − take; service is done − last call', () => {
    expect(a.waitMinutes).toEqual({ avg: 13.3, p90: 20, count: 3 }); // the skipped one waited too
    expect(a.serviceMinutes).toEqual({ avg: 10, p90: 15, count: 2 });
    expect(b.serviceMinutes).toEqual({ avg: 10, p90: 10, count: 1 });
  });

  it('per counter: served, skipped, moved away', () => {
    expect(r.counters.find((c) => c.counter === '1')).toMatchObject({ served: 1, skipped: 1, transferred: 1 });
    expect(r.counters.find((c) => c.counter === '2')).toMatchObject({ served: 2, skipped: 0, transferred: 0 });
  });

  it('per hour of the hall\'s day', () => {
    expect(r.hours[9]).toMatchObject({ tickets: 3, served: 2 });
    expect(r.hours[14]).toMatchObject({ tickets: 2, served: 1 });
    expect(r.hours[16]).toMatchObject({ tickets: 1 });
  });

  it('a range leaves other days out', () => {
    const today = queueReport({ tickets, services: [], from: '2026-11-27', to: '2026-11-27', today: '2026-11-27', timeZone: () => 'Asia/Shanghai' });
    expect(today.totals.tickets).toBe(5);
  });
});

describe('spread()', () => {
  it.each([
    [[], { avg: null, p90: null, count: 0 }],
    [[60_000, 120_000, 180_000], { avg: 2, p90: 3, count: 3 }],
  ])('%j', (ms, want) => expect(spread(ms)).toEqual(want));
});

/**
 * 排队统计, pure: per service, counter and hour of the hall's day — tickets, served, skipped,
 * transferred, waiting, left unserved, wait and service times (average and p90, minutes).
 * Wait = first call − take; service = done − last call. "Left unserved" = a ticket of an earlier
 * day that was never served or skipped; such a ticket of today still counts as waiting.
 */
import type { QueueService, QueueTicket } from './ticketing-model';
import { quantile } from './ticketing';
import { wallClock } from './wall-clock';

/** Average and 90th percentile in minutes (one decimal), null when there is nothing to measure. */
export interface Spread {
  avg: number | null;
  p90: number | null;
  count: number;
}

export interface QueueStats {
  tickets: number;
  served: number;
  skipped: number;
  transferred: number;
  waiting: number;
  leftUnserved: number;
  waitMinutes: Spread;
  serviceMinutes: Spread;
}

/** 服务评价 counts: 非常满意 / 满意 / 不满意. */
export interface Ratings {
  great: number;
  good: number;
  bad: number;
}

/** Ratings of `tickets`. */
export function ratingsOf(tickets: readonly QueueTicket[]): Ratings {
  const out: Ratings = { great: 0, good: 0, bad: 0 };
  for (const t of tickets) if (t.rating) out[t.rating]++;
  return out;
}

export interface QueueReport {
  from: string;
  to: string;
  totals: QueueStats;
  services: (QueueStats & { serviceId: string; name: string; prefix: string })[];
  counters: (Omit<QueueStats, 'tickets' | 'waiting' | 'leftUnserved'> & { counter: string; called: number; ratings: Ratings })[];
  /** Hour of the hall's day (0–23) → tickets taken then, served of those, their wait. */
  hours: { hour: number; tickets: number; served: number; waitMinutes: Spread }[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Average and p90 of durations in ms, as minutes. */
export function spread(ms: readonly number[]): Spread {
  if (ms.length === 0) return { avg: null, p90: null, count: 0 };
  const sorted = [...ms].sort((a, b) => a - b);
  return { avg: round1(sorted.reduce((a, b) => a + b, 0) / sorted.length / 60_000), p90: round1(quantile(sorted, 0.9)! / 60_000), count: sorted.length };
}

const waitMs = (t: QueueTicket): number | undefined => (t.firstCalledAt ? Date.parse(t.firstCalledAt) - Date.parse(t.takenAt) : undefined);
const serviceMs = (t: QueueTicket): number | undefined => (t.status === 'done' && t.calledAt && t.doneAt ? Date.parse(t.doneAt) - Date.parse(t.calledAt) : undefined);
const defined = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined);

function stats(tickets: readonly QueueTicket[], today: string, transferredOut: number): QueueStats {
  const open = tickets.filter((t) => t.status === 'waiting' || t.status === 'called' || t.status === 'cancelled');
  return {
    tickets: tickets.length,
    served: tickets.filter((t) => t.status === 'done').length,
    skipped: tickets.filter((t) => t.status === 'skipped').length,
    transferred: transferredOut,
    waiting: open.filter((t) => t.day >= today && t.status !== 'cancelled').length,
    leftUnserved: open.filter((t) => t.day < today || t.status === 'cancelled').length,
    waitMinutes: spread(defined(tickets.map(waitMs))),
    serviceMinutes: spread(defined(tickets.map(serviceMs))),
  };
}

/** The report over `tickets` of days `from`…`to` (inclusive, hall days); `today` is the hall's day now. */
export function queueReport(input: { tickets: readonly QueueTicket[]; services: readonly QueueService[]; from: string; to: string; today: string; timeZone: (hallId: string) => string }): QueueReport {
  const tickets = input.tickets.filter((t) => t.day >= input.from && t.day <= input.to);
  const transfersFrom = (serviceId?: string, counter?: string): number =>
    tickets.reduce((n, t) => n + t.transfers.filter((x) => (serviceId === undefined || x.from === serviceId) && (counter === undefined || x.counter === counter)).length, 0);
  const known = new Map(input.services.map((s) => [s.id, s]));
  const serviceIds = [...new Set([...input.services.map((s) => s.id), ...tickets.map((t) => t.serviceId)])];
  const services = serviceIds
    .map((id) => {
      const s = known.get(id);
      const mine = tickets.filter((t) => t.serviceId === id || t.transfers.some((x) => x.from === id));
      // A ticket moved away counts where it was taken (tickets) and where it ended (served, waits).
      const ended = tickets.filter((t) => t.serviceId === id);
      const taken = mine.filter((t) => (t.transfers[0]?.from ?? t.serviceId) === id).length;
      return { serviceId: id, name: s?.name ?? '（已删除的业务）', prefix: s?.prefix ?? '', ...stats(ended, input.today, transfersFrom(id)), tickets: taken };
    })
    .filter((s) => known.has(s.serviceId) || s.tickets > 0);
  const counterNames = [...new Set(tickets.flatMap((t) => [...(t.counter ? [t.counter] : []), ...t.transfers.map((x) => x.counter)]))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const counters = counterNames.map((counter) => {
    const atCounter = tickets.filter((t) => t.counter === counter);
    const { tickets: _t, waiting: _w, leftUnserved: _l, ...rest } = stats(atCounter, input.today, transfersFrom(undefined, counter));
    const called = atCounter.filter((t) => t.status !== 'waiting').length + transfersFrom(undefined, counter);
    return { counter, called, ...rest, ratings: ratingsOf(atCounter) };
  });
  const hours = Array.from({ length: 24 }, (_, hour) => {
    const inHour = tickets.filter((t) => Math.floor(wallClock(Date.parse(t.takenAt), input.timeZone(t.hallId)).minutes / 60) === hour);
    return { hour, tickets: inHour.length, served: inHour.filter((t) => t.status === 'done').length, waitMinutes: spread(defined(inHour.map(waitMs))) };
  });
  return { from: input.from, to: input.to, totals: stats(tickets, input.today, transfersFrom()), services, counters, hours };
}

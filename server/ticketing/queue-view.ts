/**
 * What the hall's own queue looks like from outside, computed from the store: a ticket's public view
 * (position, estimate, counter), waiting counts per service, and the snapshot that keeps the hall's
 * queue state (boards, strips) in step with our tickets.
 */
import type { Hall } from '../../content/model';
import type { QueueEvent } from '../../content/queue';
import { counterId, counterShare, countersOf, estimateWaitMinutes, hallDay, orderedServices, peopleAhead, recentServiceMs, servicesOfCounter } from '../../content/ticketing';
import { RATING_WINDOW_MS, type PublicTicket, type QueueService, type QueueTicket } from '../../content/ticketing-model';
import { newId } from '../ids';
import type { StoreReader } from '../store/store';

/** The hall's tickets of its current day. */
export function todaysTickets(store: StoreReader, hall: Hall, now: number): QueueTicket[] {
  const day = hallDay(now, hall.timezone);
  return store.list('queueTickets').filter((t) => t.hallId === hall.id && t.day === day);
}

/** Counters serving `service` that are not paused. */
export function openCounters(store: StoreReader, service: QueueService): number {
  return service.counters.filter((c) => store.get('queueCounters', counterId(service.hallId, c))?.paused !== true).length;
}

/** Estimated minutes before someone with `ahead` people in front of them in `service` is called. */
export function estimateFor(store: StoreReader, service: QueueService, ahead: number, now: number): number | undefined {
  const hall = store.get('halls', service.hallId);
  const history = store.list('queueTickets').filter((t) => t.hallId === service.hallId);
  const day = hall ? hallDay(now, hall.timezone) : undefined;
  const waiting = new Map<string, number>();
  for (const t of history) if (t.status === 'waiting' && (day === undefined || t.day >= day)) waiting.set(t.serviceId, (waiting.get(t.serviceId) ?? 0) + 1);
  const services = store.list('queueServices').filter((s) => s.hallId === service.hallId);
  const open = service.counters
    .filter((c) => store.get('queueCounters', counterId(service.hallId, c))?.paused !== true)
    .map((c) => ({ services: servicesOfCounter(services, c) }));
  const share = counterShare(service.id, open, (id) => waiting.get(id) ?? 0);
  const m = estimateWaitMinutes({ recentMs: recentServiceMs(history, service.id), fallbackMinutes: service.serviceMinutes, ahead, openCounters: share });
  return m === undefined ? undefined : Math.ceil(m);
}

/** A ticket as the public page and the kiosk show it: nothing personal. */
export function publicTicket(store: StoreReader, ticket: QueueTicket, now: number): PublicTicket {
  const hall = store.get('halls', ticket.hallId);
  const service = store.get('queueServices', ticket.serviceId);
  const ahead = hall ? peopleAhead(ticket, todaysTickets(store, hall, now)) : 0;
  const estimate = service && ticket.status === 'waiting' ? estimateFor(store, service, ahead, now) : undefined;
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: service?.name ?? '',
    hallName: hall?.name ?? '',
    status: ticket.status,
    waitingAhead: ahead,
    ...(estimate !== undefined && { estimatedWaitMinutes: estimate }),
    ...(ticket.counter !== undefined && ticket.status === 'called' && { counter: ticket.counter }),
    takenAt: ticket.takenAt,
    day: ticket.day,
    ...(ticket.status === 'done' && !ticket.rating && ticket.doneAt && now - Date.parse(ticket.doneAt) < RATING_WINDOW_MS && { canRate: true }),
    ...(ticket.rating && { rating: ticket.rating }),
  };
}

/** Per service of the hall: how many wait now, the estimate for the next person to take a ticket. */
export function waitingByService(store: StoreReader, hall: Hall, now: number) {
  const today = todaysTickets(store, hall, now);
  return orderedServices(store.list('queueServices').filter((s) => s.hallId === hall.id)).map((s) => {
    const waiting = today.filter((t) => t.serviceId === s.id && t.status === 'waiting').length;
    return { serviceId: s.id, name: s.name, prefix: s.prefix, priority: s.priority === true, open: s.open !== false, waiting, openCounters: openCounters(store, s), estimatedWaitMinutes: estimateFor(store, s, waiting, now) };
  });
}

/**
 * A `queue.snapshot` of the hall's own queue: waiting counts per service name and every counter
 * (serving its ticket, paused, or idle). Undefined for a hall without services of its own, so a hall
 * run by an outside system is never overwritten.
 */
export function queueSnapshot(store: StoreReader, hall: Hall, now: number): QueueEvent | undefined {
  const services = store.list('queueServices').filter((s) => s.hallId === hall.id);
  if (services.length === 0) return undefined;
  // The estimate rides along so waiting-area boards show 约 M 分钟 from the same function as the kiosk.
  const waiting = waitingByService(store, hall, now)
    .slice(0, 100)
    .map((w) => ({ service: w.name, count: w.waiting, ...(w.estimatedWaitMinutes !== undefined && { minutes: Math.min(w.estimatedWaitMinutes, 100_000) }) }));
  const counters = countersOf(services)
    .slice(0, 500)
    .map((counter) => {
      const state = store.get('queueCounters', counterId(hall.id, counter));
      const ticket = state?.ticketId ? store.get('queueTickets', state.ticketId) : undefined;
      if (state?.paused) return { counter, state: 'paused' as const, ...(ticket && { ticket: ticket.number }) };
      return ticket && ticket.status === 'called' ? { counter, state: 'serving' as const, ticket: ticket.number } : { counter, state: 'idle' as const };
    });
  return { type: 'queue.snapshot', eventId: newId('own'), hallId: hall.id, occurredAt: new Date(now).toISOString(), waiting, counters };
}

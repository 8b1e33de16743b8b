/**
 * The rules of the hall's own queue, pure (no clock, no I/O): the caller passes `now` and the records.
 *
 * 1. Numbers: prefix + the day's sequence of that prefix, at least 3 digits (A001 … A999, A1000).
 *    The day is the hall's calendar day in its time zone, so numbers restart at the hall's midnight.
 * 2. Line order: oldest `queuedAt` first (a transferred ticket keeps its place), then number.
 * 3. Next at a counter: a ticket sent to this very counter first; then, if a priority ticket waits and
 *    either no normal one does or the counter has called `normalPerPriority` normal tickets since its
 *    last priority one, the oldest priority ticket; else the first of the counter's services (in
 *    order) that has someone waiting gives its oldest ticket. Tickets sent to another counter are
 *    never taken.
 * 4. Wait estimate: mean of recent service times of the service × people ahead ÷ open counters,
 *    where an open counter counts for the share of its calls the service gets now (counterShare): a
 *    counter that serves another service first, with people waiting there, gives it nothing; priority
 *    and normal tickets split a counter 1 : N while both wait.
 */
import { type TimeWindow } from './model';
import { DEFAULT_NORMAL_PER_PRIORITY, type QueueService, type QueueTicket } from './ticketing-model';
import { parseHhMm, wallClock } from './wall-clock';

/** A ticket number from its prefix and sequence: `A` + 1 → `A001`. */
export function ticketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

/** The hall's calendar day at instant `ms`: the day a ticket's number belongs to. */
export function hallDay(ms: number, timeZone: string): string {
  return wallClock(ms, timeZone).date;
}

/** Id of the stored sequence of a prefix on a hall's day. */
export const sequenceId = (hallId: string, day: string, prefix: string): string => `${hallId}/${day}/${prefix}`;
/** Id of a counter's stored state. */
export const counterId = (hallId: string, counter: string): string => `${hallId}/${counter}`;

const inWindow = (w: TimeWindow, minute: number): boolean => {
  const start = parseHhMm(w.start);
  const end = parseHhMm(w.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
};

/** Why a service takes no ticket now, or undefined when it does. */
export function serviceClosedReason(service: Pick<QueueService, 'open' | 'hours' | 'counters'>, now: number, timeZone: string): string | undefined {
  if (service.open === false) return '该业务已停止取号';
  if (service.counters.length === 0) return '该业务还没有办理窗口，请联系管理员在「业务与窗口」中设置';
  if (service.hours && service.hours.length > 0) {
    const minute = wallClock(now, timeZone).minutes;
    if (!service.hours.some((w) => inWindow(w, minute))) return `不在取号时间（${service.hours.map((w) => `${w.start}–${w.end}`).join('、')}）`;
  }
  return undefined;
}

/** The hall's services in their order (kiosk tiles, settings list). */
export function orderedServices<S extends Pick<QueueService, 'order' | 'createdAt' | 'id'>>(services: readonly S[]): S[] {
  return [...services].sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The services a counter serves, in the order it serves them. */
export function servicesOfCounter<S extends QueueService>(services: readonly S[], counter: string): S[] {
  return orderedServices(services.filter((s) => s.counters.includes(counter)));
}

/** Every counter named by the hall's services, sorted as people number them (2 before 10). */
export function countersOf(services: readonly Pick<QueueService, 'counters'>[]): string[] {
  return [...new Set(services.flatMap((s) => s.counters))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Line order (rule 2). */
export function lineOrder(a: Pick<QueueTicket, 'queuedAt' | 'number'>, b: Pick<QueueTicket, 'queuedAt' | 'number'>): number {
  return Date.parse(a.queuedAt) - Date.parse(b.queuedAt) || a.number.localeCompare(b.number, 'en', { numeric: true });
}

export interface NextInput {
  /** Waiting tickets of the hall (any service). */
  waiting: readonly QueueTicket[];
  /** The counter's services in order (servicesOfCounter). */
  services: readonly QueueService[];
  counter: string;
  normalSincePriority: number;
}

/** Which ticket the counter calls next (rule 3), or undefined when nobody waits for it. */
export function pickNext(input: NextInput): QueueTicket | undefined {
  const { counter, services } = input;
  const ids = new Set(services.map((s) => s.id));
  const mine = input.waiting.filter((t) => t.status === 'waiting' && (t.forCounter === counter || (t.forCounter === undefined && ids.has(t.serviceId))));
  const sent = mine.filter((t) => t.forCounter === counter).sort(lineOrder);
  if (sent.length > 0) return sent[0];
  const priority = mine.filter((t) => t.priority).sort(lineOrder);
  const normal = mine.filter((t) => !t.priority);
  if (priority.length > 0) {
    const service = services.find((s) => s.id === priority[0]!.serviceId);
    const every = service?.normalPerPriority ?? DEFAULT_NORMAL_PER_PRIORITY;
    if (normal.length === 0 || input.normalSincePriority >= every) return priority[0];
  }
  for (const s of services) {
    const inService = normal.filter((t) => t.serviceId === s.id).sort(lineOrder);
    if (inService.length > 0) return inService[0];
  }
  return undefined;
}

/** The fairness counter after calling `ticket`. */
export const normalCountAfter = (before: number, ticket: Pick<QueueTicket, 'priority'>): number => (ticket.priority ? 0 : before + 1);

/** People waiting in the same line before `ticket` (same service, earlier in line order). */
export function peopleAhead(ticket: QueueTicket, tickets: readonly QueueTicket[]): number {
  if (ticket.status !== 'waiting') return 0;
  return tickets.filter((t) => t.id !== ticket.id && t.status === 'waiting' && t.serviceId === ticket.serviceId && lineOrder(t, ticket) < 0).length;
}

/** How many recent service times the estimate averages. */
export const RECENT_SERVICES = 20;
/** Minutes per person when a service has no history and no configured figure. */
export const DEFAULT_SERVICE_MINUTES = 5;

/** Service durations (ms) of the last RECENT_SERVICES tickets done in `serviceId`, newest first. */
export function recentServiceMs(tickets: readonly QueueTicket[], serviceId: string, limit = RECENT_SERVICES): number[] {
  return tickets
    .filter((t) => t.serviceId === serviceId && t.status === 'done' && t.calledAt && t.doneAt)
    .sort((a, b) => Date.parse(b.doneAt!) - Date.parse(a.doneAt!))
    .slice(0, limit)
    .map((t) => Date.parse(t.doneAt!) - Date.parse(t.calledAt!));
}

export interface EstimateInput {
  recentMs: readonly number[];
  /** Used while there is no history. */
  fallbackMinutes?: number;
  ahead: number;
  openCounters: number;
}

/** Estimated wait in minutes (rule 4), undefined when no counter is open for the service. */
export function estimateWaitMinutes(input: EstimateInput): number | undefined {
  if (input.openCounters <= 0) return undefined;
  const perPerson = input.recentMs.length > 0 ? input.recentMs.reduce((a, b) => a + b, 0) / input.recentMs.length / 60_000 : (input.fallbackMinutes ?? DEFAULT_SERVICE_MINUTES);
  return (perPerson * input.ahead) / input.openCounters;
}

/** An open (not paused) counter with its services in order, for counterShare. */
export interface OpenCounter {
  services: readonly Pick<QueueService, 'id' | 'priority' | 'normalPerPriority'>[];
}

/**
 * How many counters work for `serviceId` now (rule 4), from the waiting counts per service: a normal
 * service gets a counter unless a normal service before it there has people waiting, minus the
 * priority share while priority tickets wait; a priority service gets 1 / (N + 1) of a counter while
 * normal tickets wait there, else all of it. Never below half a counter while one is open for it,
 * so a starved service still gets a (long) estimate rather than none.
 */
export function counterShare(serviceId: string, counters: readonly OpenCounter[], waiting: (serviceId: string) => number): number {
  let share = 0;
  let open = 0;
  for (const c of counters) {
    const at = c.services.findIndex((s) => s.id === serviceId);
    if (at < 0) continue;
    open++;
    const me = c.services[at]!;
    const priorityWaiting = c.services.filter((s) => s.priority && waiting(s.id) > 0);
    const normalWaiting = c.services.some((s) => !s.priority && waiting(s.id) > 0);
    if (me.priority) {
      share += normalWaiting ? 1 / ((me.normalPerPriority ?? DEFAULT_NORMAL_PER_PRIORITY) + 1) : 1;
      continue;
    }
    if (c.services.slice(0, at).some((s) => !s.priority && waiting(s.id) > 0)) continue;
    const p = priorityWaiting[0];
    share += p ? 1 - 1 / ((p.normalPerPriority ?? DEFAULT_NORMAL_PER_PRIORITY) + 1) : 1;
  }
  return open === 0 ? 0 : Math.max(share, 0.5);
}

/** Why a transfer from `service` to `target` is refused, or undefined when it is allowed. */
export function transferRefusal(ticket: QueueTicket | undefined, target: QueueService | undefined, toCounter?: string): string | undefined {
  if (!ticket) return '本窗口当前没有正在办理的号码，请先叫号';
  if (!target) return '目标业务不存在';
  if (target.hallId !== ticket.hallId) return '只能转移到本营业厅的业务';
  if (target.open === false) return `业务「${target.name}」已停止，请转到其他业务`;
  if (toCounter !== undefined) {
    if (!target.counters.includes(toCounter)) return `${toCounter} 号窗口不办理业务「${target.name}」`;
    if (toCounter === ticket.counter) return '不能转移到本窗口';
  } else {
    if (target.counters.length === 0) return `业务「${target.name}」没有办理窗口`;
    if (target.id === ticket.serviceId) return '号码已在该业务中，请选择其他业务或指定窗口';
  }
  return undefined;
}

/** The value at fraction `q` of sorted numbers (nearest rank), or undefined for none. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

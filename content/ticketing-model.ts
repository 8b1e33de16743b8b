/**
 * The hall's own queue (取号 / 叫号): services with a ticket prefix and the counters that serve them,
 * the tickets people take, and each counter's state. Stored by the server, read by editor, kiosk and
 * the public ticket page; the rules that move them live in `ticketing.ts`.
 */
import { z } from 'zod';
import { CounterId, Id, IsoDate, IsoInstant, Ticket, TimeWindow, canonicalCounter } from './model';

/** A counter as stored on tickets and counter states: taken as stored, in its canonical spelling (older files may say "03"). */
const StoredCounter = z.string().transform(canonicalCounter);

/** A ticket prefix: one or two Latin letters, stored upper-case (A 居民业务, B 企业业务, V 绿色通道). */
export const TicketPrefix = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{1,2}$/, '号码前缀为 1–2 个英文字母，例如 A')
  .transform((s) => s.toUpperCase());

/** Fairness default: one priority ticket after this many normal ones, when both wait. */
export const DEFAULT_NORMAL_PER_PRIORITY = 3;

/** What staff send to create or change a service (业务). */
export const ServiceInput = z.object({
  name: z.string().trim().min(1, '业务名称不能为空').max(60),
  prefix: TicketPrefix,
  /** The counters (窗口) that serve it; a counter listed by several services serves them in service order. */
  counters: z.array(CounterId).max(200).default([]),
  /** 绿色通道: its tickets are priority tickets, called by the fairness rule. */
  priority: z.boolean().optional(),
  /** Fairness rule for a priority service: one of its tickets after this many normal ones. */
  normalPerPriority: z.number().int().min(1).max(50).optional(),
  /** false = 停止取号 (the service is closed for new tickets). Default open. */
  open: z.boolean().optional(),
  /** 取号时段 in the hall's wall-clock time; none = all day. */
  hours: z.array(TimeWindow).max(6).optional(),
  /** Assumed minutes per person until real service times are known (wait estimate). */
  serviceMinutes: z.number().min(0.5).max(240).optional(),
  /** Position among the hall's services (tile order on the kiosk, service order at a counter). */
  order: z.number().int().min(0).max(10_000).optional(),
});
export type ServiceInput = z.infer<typeof ServiceInput>;
/** PATCH body: any subset. */
export const ServicePatch = ServiceInput.partial();

/** A stored service. */
export const QueueService = ServiceInput.extend({
  id: Id,
  hallId: Id,
  order: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type QueueService = z.infer<typeof QueueService>;

export const TicketStatus = z.enum(['waiting', 'called', 'done', 'skipped', 'cancelled']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Where a ticket was taken: the queue token, a staff session or a screen (kiosk) with its key. */
export const TicketSource = z.enum(['token', 'staff', 'screen']);

/** One move of a ticket to another service (转移): the number stays. */
export const TicketTransfer = z.object({ at: IsoInstant, from: Id, to: Id, counter: z.string(), toCounter: z.string().optional() });

/** A taken ticket. Its `id` is unguessable: it is the key of the public ticket page. */
export const QueueTicket = z.object({
  id: Id,
  hallId: Id,
  serviceId: Id,
  /** e.g. A001: prefix + the day's sequence of that prefix in the hall. */
  number: z.string(),
  /** The hall's calendar day it was taken on (numbers restart at the hall's midnight). */
  day: IsoDate,
  seq: z.number().int().min(1),
  priority: z.boolean(),
  status: TicketStatus,
  source: TicketSource,
  takenAt: IsoInstant,
  /** Its place in the line: the take time (a transferred ticket keeps it, so it is not sent to the back). */
  queuedAt: IsoInstant,
  /** Only this counter may call it (a transfer to a counter). */
  forCounter: StoredCounter.optional(),
  counter: StoredCounter.optional(),
  firstCalledAt: IsoInstant.optional(),
  calledAt: IsoInstant.optional(),
  doneAt: IsoInstant.optional(),
  skippedAt: IsoInstant.optional(),
  recalls: z.number().int().min(0).default(0),
  transfers: z.array(TicketTransfer).default([]),
  /** The call that announced it last. */
  callId: z.string().optional(),
  /** The taker's idempotency key (`Idempotency-Key` / `requestId`): a retry within TAKE_KEY_TTL_MS gets this ticket back. */
  requestKey: z.string().optional(),
  /** 服务评价 after 办结, given once. */
  rating: z.enum(['great', 'good', 'bad']).optional(),
  ratedAt: IsoInstant.optional(),
});
export type QueueTicket = z.infer<typeof QueueTicket>;

/** A counter's own-queue state (id = `<hallId>/<counter>`). */
export const QueueCounter = z.object({
  id: z.string(),
  hallId: Id,
  counter: StoredCounter,
  paused: z.boolean(),
  /** The ticket at the counter now (called, not yet done/skipped/transferred). */
  ticketId: z.string().optional(),
  /** Normal tickets called since the last priority one (fairness rule). */
  normalSincePriority: z.number().int().min(0),
  updatedAt: IsoInstant,
});
export type QueueCounter = z.infer<typeof QueueCounter>;

/** The last number given per hall, day and prefix (id = `<hallId>/<day>/<prefix>`): never reused. */
export const TicketSequence = z.object({ id: z.string(), hallId: Id, day: IsoDate, prefix: z.string(), last: z.number().int().min(0) });
export type TicketSequence = z.infer<typeof TicketSequence>;

/** An idempotency key for taking a ticket: what a kiosk sends once per tap and again on each retry. */
export const TakeRequestKey = z.string().trim().min(8, '幂等键（Idempotency-Key）至少 8 个字符').max(128, '幂等键（Idempotency-Key）最多 128 个字符').regex(/^[\x21-\x7e]+$/, '幂等键（Idempotency-Key）只能含可见的 ASCII 字符');
/** `POST /api/queue/tickets`; `requestId` is the body form of the `Idempotency-Key` header. */
export const TakeTicketInput = z.object({ hallId: Id, serviceId: Id, requestId: TakeRequestKey.optional() });
/** How long a retry with the same key gets the same ticket back (a kiosk's retries are seconds apart). */
export const TAKE_KEY_TTL_MS = 10 * 60_000;

export const CounterAction = z.enum(['next', 'recall', 'skip', 'transfer', 'done', 'pause', 'resume']);
export type CounterAction = z.infer<typeof CounterAction>;
/** What `POST /api/halls/{hallId}/counters/{counter}/{action}` answers (server and caller page share it). */
export interface CounterResult {
  counter: string;
  paused: boolean;
  action: CounterAction;
  /** The ticket the action was about (the one called, recalled, skipped, transferred or finished). */
  ticket?: QueueTicket;
  number?: string;
  callId?: string;
  screens?: number;
}
/** Body of `transfer`: the service the ticket waits in next, optionally only for one counter. */
export const TransferInput = z.object({ serviceId: Id, counter: CounterId.optional() });

/** 服务评价: 非常满意 / 满意 / 不满意. */
export const Rating = z.enum(['great', 'good', 'bad']);
export type Rating = z.infer<typeof Rating>;
export const RATING_LABELS: Record<Rating, string> = { great: '非常满意', good: '满意', bad: '不满意' };
/** How long after 办结 a ticket may still be rated. */
export const RATING_WINDOW_MS = 2 * 3_600_000;
export const RatingInput = z.object({ rating: Rating });
/** How long the counter's rating pad (player `?mode=rating`) asks after 办结. */
export const RATING_PROMPT_MS = 30_000;
/** The pad's rating may arrive this much after its prompt ended (a slow link, a tablet's clock): still counted. */
export const RATING_PAD_GRACE_MS = 30_000;
/** `POST /api/queue/rating-pad`: the ticket number the pad asked about and the answer. */
export const PadRatingInput = z.object({ ticket: Ticket, rating: Rating });
/** `GET /api/queue/rating-pad`: the pad's counter and the ticket it should ask about now, if any. */
export interface RatingPadState {
  hallId: string;
  counter: string;
  /** Finished at this counter within RATING_PROMPT_MS and not rated yet. */
  ticket?: { number: string; doneAt: string; serviceName: string };
}

/** A ticket as the public page (and the kiosk after taking it) sees it: nothing personal. */
export const PublicTicket = z.object({
  id: Id,
  number: z.string(),
  serviceId: Id,
  serviceName: z.string(),
  hallName: z.string(),
  status: TicketStatus,
  waitingAhead: z.number().int().min(0),
  /** Minutes, rounded up; absent when no counter serves the service now. */
  estimatedWaitMinutes: z.number().int().min(0).optional(),
  counter: z.string().optional(),
  takenAt: IsoInstant,
  day: IsoDate,
  /** Done and not rated yet, within RATING_WINDOW_MS: the page may ask for a rating. */
  canRate: z.boolean().optional(),
  rating: Rating.optional(),
});
export type PublicTicket = z.infer<typeof PublicTicket>;

/**
 * What a speaker screen says, and in which order: the announcement rules of issue 3, pure (a clock
 * is passed in, nothing plays here) so they are tested with a fake clock.
 * - each call (id and createdAt: a reused id on a new call is news) is announced once, across
 *   reloads (SpokenIds in localStorage);
 * - strictly serial: `next()` hands out nothing while an announcement is running;
 * - the same (ticket, counter) within DEDUPE_WINDOW_MS of an accepted one is dropped;
 * - a newer call for a counter takes the place of that counter's older call still waiting (the
 *   superseded one is never spoken); a call older than one already accepted for its counter is
 *   `outdated` (it arrived late: its counter has moved on);
 * - more than BACKLOG_LIMIT waiting → each is spoken once, else `call.repeat ?? DEFAULT_REPEAT`;
 * - nothing is spoken at or after the call's `expiresAt`, nor if it is STALE_MS old when it arrives
 *   (the replay after a reconnect or reload shows history but does not speak it again).
 * All times are server-corrected milliseconds.
 */
import type { QueueCall } from '../../content/model';
import { sameCall } from '../queue/call-key';
import type { SpokenIds } from './spoken-ids';

/** The same ticket at the same counter again within this window is a double press, not a recall. */
export const DEDUPE_WINDOW_MS = 5000;
/** A call older than this when it reaches the screen is history, not news: shown, not spoken. */
export const STALE_MS = 15_000;
/** With more than this many waiting, each call is spoken once to catch up. */
export const BACKLOG_LIMIT = 3;
/** Times the sentence is spoken when the call does not say. */
export const DEFAULT_REPEAT = 2;

/** Why an offered call was or was not queued. */
export type OfferResult = 'queued' | 'superseded' | 'spoken' | 'expired' | 'stale' | 'duplicate' | 'outdated';

/** One announcement to play now. */
export interface Announcement {
  call: QueueCall;
  /** How many times the sentence is spoken (1–3; the voice WAV is built for this count). */
  repeat: number;
}

const ms = (iso: string): number => Date.parse(iso);
const pairKey = (c: QueueCall): string => `${c.ticket.toUpperCase()}\u0000${c.counter}`;

/** The serial announcement queue of one screen. */
export class AnnounceQueue {
  private readonly waiting: QueueCall[] = [];
  private current: QueueCall | null = null;
  /** Last accepted createdAt per (ticket, counter), for the double-press window. */
  private readonly lastAccepted = new Map<string, number>();
  /** Newest accepted createdAt per counter: an older call arriving later is not news. */
  private readonly newestAtCounter = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly spoken: SpokenIds,
  ) {}

  /** The call being announced, if any. */
  get playing(): QueueCall | null {
    return this.current;
  }

  /** Calls waiting their turn, in order. */
  get pending(): readonly QueueCall[] {
    return this.waiting;
  }

  /** Offer a call that just arrived from the server. */
  offer(call: QueueCall): OfferResult {
    const now = this.now();
    if (this.spoken.has(call) || sameCall(this.current, call) || this.waiting.some((c) => sameCall(c, call))) return 'spoken';
    if (ms(call.expiresAt) <= now) return 'expired';
    if (now - ms(call.createdAt) > STALE_MS) return 'stale';
    const created = ms(call.createdAt);
    const key = pairKey(call);
    const last = this.lastAccepted.get(key);
    if (last !== undefined && Math.abs(created - last) < DEDUPE_WINDOW_MS) {
      // Remembered so a replay of the double press after a reload is refused at once, too.
      this.spoken.add(call);
      return 'duplicate';
    }
    if ((this.newestAtCounter.get(call.counter) ?? -Infinity) > created) {
      this.spoken.add(call);
      return 'outdated';
    }
    const sameCounter = this.waiting.findIndex((c) => c.counter === call.counter);
    if (sameCounter >= 0) {
      const older = this.waiting[sameCounter]!;
      if (ms(older.createdAt) > created) {
        this.spoken.add(call);
        return 'outdated';
      }
      // In place: the counter keeps its turn, the waiting person hears the current ticket.
      this.waiting[sameCounter] = call;
      this.spoken.add(older);
      this.accept(key, call.counter, created, now);
      return 'superseded';
    }
    this.waiting.push(call);
    this.accept(key, call.counter, created, now);
    return 'queued';
  }

  /**
   * Start the next announcement, or null when one is still running or nothing is left to say.
   * The call counts as spoken from here on: a reload mid-sentence does not start it over.
   */
  next(): Announcement | null {
    if (this.current) return null;
    const now = this.now();
    let call = this.waiting.shift();
    while (call && ms(call.expiresAt) <= now) {
      this.spoken.add(call);
      call = this.waiting.shift();
    }
    if (!call) return null;
    const backlog = this.waiting.length + 1;
    this.current = call;
    this.spoken.add(call);
    return { call, repeat: backlog > BACKLOG_LIMIT ? 1 : Math.min(3, Math.max(1, call.repeat ?? DEFAULT_REPEAT)) };
  }

  /** The running announcement ended (played, failed or cut at expiry). */
  finish(call: QueueCall): void {
    if (sameCall(this.current, call)) this.current = null;
  }

  /** Drop everything waiting and forget the running one (speaking switched off). */
  clear(): void {
    this.waiting.length = 0;
    this.current = null;
  }

  private accept(key: string, counter: string, created: number, now: number): void {
    this.lastAccepted.set(key, created);
    this.newestAtCounter.set(counter, created);
    // Bounded: entries past the window can never match again.
    if (this.lastAccepted.size > 256) {
      for (const [k, t] of this.lastAccepted) if (now - t > DEDUPE_WINDOW_MS + STALE_MS) this.lastAccepted.delete(k);
    }
    // Past STALE_MS a late call is refused as stale anyway, so older entries can go.
    if (this.newestAtCounter.size > 256) {
      for (const [k, t] of this.newestAtCounter) if (now - t > STALE_MS * 2) this.newestAtCounter.delete(k);
    }
  }
}

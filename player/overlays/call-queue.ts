/**
 * The order in which queue calls reach the screen. A burst never overlaps: each call stays at least
 * CALL_MIN_MS while others wait, CALL_ALONE_MS when nothing is waiting; a call already past its
 * `expiresAt` (server clock) is dropped, and a call id seen before is never shown twice.
 * Pure timing, no pixi or DOM: the overlay and the DOM mirror listen to `onShow` / `onClear`.
 */
import type { QueueCall } from '../../content/model';

/** Shortest time a call stays on screen when others are waiting. */
export const CALL_MIN_MS = 8000;
/** Time a call stays when no other call is waiting. */
export const CALL_ALONE_MS = 12_000;
/** How many call ids we remember to refuse repeats. */
const SEEN_LIMIT = 1000;

export type PushResult = 'shown' | 'queued' | 'duplicate' | 'expired';

/** What the queue needs from the player. */
export interface CallQueueOptions {
  /** Server-corrected now, for `expiresAt`. */
  now(): number;
  onShow(call: QueueCall): void;
  onClear(): void;
}

/** Serialises calls onto one screen. */
export class CallQueue {
  private readonly waiting: QueueCall[] = [];
  private readonly seen = new Set<string>();
  private current: QueueCall | null = null;
  /** True once the current call has had its minimum time: a new call may then replace it at once. */
  private minimumServed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: CallQueueOptions) {}

  /** The call on screen now. */
  get showing(): QueueCall | null {
    return this.current;
  }

  /** Calls waiting behind the current one. */
  get pending(): readonly QueueCall[] {
    return this.waiting;
  }

  /** Whether a call id was offered before (shown, waiting, expired or dropped). */
  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Offer a call from the server. */
  push(call: QueueCall): PushResult {
    if (this.seen.has(call.id)) return 'duplicate';
    this.remember(call.id);
    if (this.expired(call)) return 'expired';
    this.waiting.push(call);
    if (!this.current || this.minimumServed) {
      this.next();
      return this.current === call ? 'shown' : 'queued';
    }
    return 'queued';
  }

  /** Drop everything (the screen no longer shows calls). */
  clear(): void {
    clearTimeout(this.timer);
    this.waiting.length = 0;
    if (this.current) {
      this.current = null;
      this.options.onClear();
    }
  }

  private next(): void {
    clearTimeout(this.timer);
    let call = this.waiting.shift();
    while (call && this.expired(call)) call = this.waiting.shift();
    if (!call) {
      if (this.current) {
        this.current = null;
        this.options.onClear();
      }
      return;
    }
    this.current = call;
    this.minimumServed = false;
    this.options.onShow(call);
    this.timer = setTimeout(() => this.minimumReached(), CALL_MIN_MS);
  }

  private minimumReached(): void {
    this.minimumServed = true;
    if (this.waiting.length > 0) this.next();
    else this.timer = setTimeout(() => this.next(), CALL_ALONE_MS - CALL_MIN_MS);
  }

  private expired(call: QueueCall): boolean {
    return Date.parse(call.expiresAt) <= this.options.now();
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
  }
}

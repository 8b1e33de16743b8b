/**
 * The order in which queue calls reach the screen: the pacing policy of content/call-pacing.ts
 * (pure, unit-tested with a fixed clock) driven by one timer. A burst never overlaps and never drops
 * a call that was not superseded; a newer call at a counter supersedes the older one, waiting or in
 * the spotlight; an expired call is never shown; a call seen before (same id and createdAt, see
 * queue/call-key.ts) is never shown twice, while a reused id on a new call is.
 * No pixi or DOM: the overlay and the DOM mirror listen to `onShow` / `onClear` / `onCardChange`.
 */
import { cardCalls, EMPTY_PACING, offerCall, pace, type PacingState } from '../../content/call-pacing';
import type { QueueCall } from '../../content/model';
import { CallSet, callKey, sameCall } from '../queue/call-key';

export { ALONE_MS as CALL_ALONE_MS, MIN_MS as CALL_MIN_MS } from '../../content/call-pacing';

/** How many calls (id and createdAt) we remember to refuse repeats. */
const SEEN_LIMIT = 1000;

export type PushResult = 'shown' | 'queued' | 'duplicate' | 'expired' | 'outdated';

/** What the queue needs from the player. */
export interface CallQueueOptions {
  /** Server-corrected now, for turns and `expiresAt`. */
  now(): number;
  onShow(call: QueueCall): void;
  onClear(): void;
  /** The current calls of the 正在叫号 card changed without a new spotlight (one expired or was superseded). */
  onCardChange?(): void;
}

/** Serialises calls onto one screen. */
export class CallQueue {
  private state: PacingState = EMPTY_PACING;
  private readonly seen = new CallSet(SEEN_LIMIT);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: CallQueueOptions) {}

  /** The call in the spotlight now. */
  get showing(): QueueCall | null {
    return this.state.shown?.call ?? null;
  }

  /** Calls waiting behind the spotlight, in posting order. */
  get pending(): readonly QueueCall[] {
    return this.state.waiting.map((w) => w.call);
  }

  /** The current calls for the card, newest first: the spotlight, then earlier ones still current. */
  get card(): readonly QueueCall[] {
    return cardCalls(this.state);
  }

  /** Whether this call (same id and createdAt) was offered before (shown, waiting, expired or dropped). */
  has(call: QueueCall): boolean {
    return this.seen.has(call);
  }

  /** Offer a call from the server. */
  push(call: QueueCall): PushResult {
    if (!this.seen.add(call)) return 'duplicate';
    const { state, outcome } = offerCall(this.state, call, this.options.now());
    if (outcome !== 'queued') return outcome;
    this.advance(state);
    return sameCall(this.showing, call) ? 'shown' : 'queued';
  }

  /** Drop everything (the screen no longer shows calls). */
  clear(): void {
    this.advance(EMPTY_PACING);
  }

  /** Take `offered` (or the current state) to now, tell what changed, and set the one timer. */
  private advance(offered: PacingState = this.state): void {
    clearTimeout(this.timer);
    const before = this.state;
    const { state, nextAt } = offered === EMPTY_PACING ? { state: EMPTY_PACING, nextAt: null } : pace(offered, this.options.now());
    this.state = state;
    // The timer first: a listener that throws (a failed draw) must not stop the calls behind this one.
    if (nextAt !== null) this.timer = setTimeout(() => this.advance(), Math.max(0, nextAt - this.options.now()));
    const was = before.shown?.call;
    const is = state.shown?.call;
    if (is && !sameCall(is, was)) this.options.onShow(is);
    else if (!is && was) this.options.onClear();
    else if (cardKey(before) !== cardKey(state)) this.options.onCardChange?.();
  }
}

const cardKey = (state: PacingState): string => cardCalls(state).map(callKey).join();

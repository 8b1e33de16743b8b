/**
 * What a screen knows about its hall's queue: counters, recent calls and waiting counts. The
 * server's `queueState` is the truth. A call frame carries the board delta of its call, with the
 * hall state's revision (`rev`): deltas apply in revision order, and a whole state older than the
 * deltas already applied (a frame overtaken on the way) is taken with the newer deltas re-applied
 * on top. From a server without revisions, live calls newer than the state are kept on top of it
 * until the state catches up (by time).
 * Pure (no pixi, no DOM), so boards and strips are tested without a browser.
 */
import { QUEUE_HISTORY, type BoardDelta, type CounterStatus, type QueueState } from '../../content/queue';
import type { QueueCall } from '../../content/model';
import { DEDUPE_WINDOW_MS } from '../announcer/announce-queue';
import { callKey, sameCall } from './call-key';

/** Waiting count of one service, with the estimated wait of a newcomer when the hall's queue knows it. */
export interface WaitingCount {
  service: string;
  count: number;
  minutes?: number;
}
const waitingOf = (w: WaitingCount): WaitingCount => ({ service: w.service, count: w.count, ...(w.minutes !== undefined && { minutes: w.minutes }) });

const t = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);
/** Deltas kept for re-applying over an older whole state (a burst's worth). */
const KEPT_DELTAS = 64;

/** Counters in the order people read them: 2 before 10, then letters. */
export function compareCounters(a: string, b: string): number {
  return a.localeCompare(b, 'zh-CN', { numeric: true });
}

/** The hall's queue as this screen sees it. */
export class QueueModel {
  private counterMap = new Map<string, CounterStatus>();
  private calls: QueueCall[] = [];
  private waitingNow: WaitingCount[] = [];
  private stateAt = Number.NEGATIVE_INFINITY;
  private knownNow = false;
  /** The board revision held; undefined until a state or delta with one arrived. */
  private revNow: number | undefined;
  /** Deltas applied since the last whole state, oldest first. */
  private deltas: { delta: BoardDelta; call: QueueCall }[] = [];

  /** True once a queue state or a call arrived: before that a board has nothing to say. */
  get known(): boolean {
    return this.knownNow;
  }

  /** Every counter, in reading order. */
  get counters(): CounterStatus[] {
    return [...this.counterMap.values()].sort((a, b) => compareCounters(a.counter, b.counter));
  }

  /** Newest first, at most QUEUE_HISTORY. */
  get recentCalls(): readonly QueueCall[] {
    return this.calls;
  }

  get waiting(): readonly WaitingCount[] {
    return this.waitingNow;
  }

  /** One counter's status, if the hall has it. */
  counter(id: string): CounterStatus | undefined {
    return this.counterMap.get(id);
  }

  /** The board revision this screen holds (undefined: the server sends none). */
  get rev(): number | undefined {
    return this.revNow;
  }

  /**
   * A new connection (welcome): the whole state that follows is the truth. A server that restarted
   * counts revisions again from what it had written; deltas it published and never wrote must not
   * make this board refuse its new ones as already held.
   */
  newConnection(): void {
    this.revNow = undefined;
    this.deltas = [];
  }

  /** Take the server's state; live calls (or deltas) it does not know yet stay. */
  applyState(state: QueueState): void {
    if (state.rev !== undefined) return this.applyRevisedState(state, state.rev);
    const at = t(state.updatedAt);
    const newer = this.calls.filter((c) => t(c.createdAt) > at && !state.recentCalls.some((r) => sameCall(r, c)));
    const counters = new Map(state.counters.map((c) => [c.counter, c]));
    for (const [id, local] of this.counterMap) {
      const fromState = counters.get(id);
      if (t(local.calledAt) > at && t(local.calledAt) > t(fromState?.calledAt)) counters.set(id, local);
    }
    this.counterMap = counters;
    this.calls = sortCalls([...newer, ...state.recentCalls]);
    this.waitingNow = state.waiting.map(waitingOf);
    this.stateAt = Math.max(this.stateAt, at);
    this.knownNow = true;
  }

  /**
   * What one call changed on the board (from its call frame). A delta the board already holds
   * (revision not newer) changes nothing; a newer one sets its counter and puts the call on top.
   */
  applyDelta(delta: BoardDelta, call: QueueCall): void {
    if (this.revNow !== undefined && delta.rev <= this.revNow) return;
    this.putDelta(delta, call);
    this.revNow = delta.rev;
    this.stateAt = Math.max(this.stateAt, t(delta.updatedAt));
    this.knownNow = true;
    this.deltas.push({ delta, call });
    if (this.deltas.length > KEPT_DELTAS) this.deltas.shift();
  }

  private putDelta(delta: BoardDelta, call: QueueCall): void {
    this.counterMap.set(delta.counter.counter, delta.counter);
    if (!this.calls.some((c) => sameCall(c, call))) this.calls = sortCalls([call, ...this.calls]);
  }

  /** A whole state with a revision: the truth up to `rev`, plus any newer deltas already applied. */
  private applyRevisedState(state: QueueState, rev: number): void {
    this.counterMap = new Map(state.counters.map((c) => [c.counter, c]));
    this.calls = sortCalls([...state.recentCalls]);
    this.waitingNow = state.waiting.map(waitingOf);
    this.deltas = this.deltas.filter((d) => d.delta.rev > rev);
    for (const d of this.deltas) this.putDelta(d.delta, d.call);
    this.revNow = Math.max(rev, this.deltas.at(-1)?.delta.rev ?? rev);
    this.stateAt = Math.max(this.stateAt, t(state.updatedAt));
    this.knownNow = true;
  }

  /**
   * The same ticket at the same counter as a listed call within DEDUPE_WINDOW_MS (a double press
   * of the queue system's button): shown as that one, not as a second line.
   */
  isRepeat(call: QueueCall): boolean {
    const created = t(call.createdAt);
    return this.calls.some((c) => !sameCall(c, call) && c.counter === call.counter && c.ticket.toUpperCase() === call.ticket.toUpperCase() && Math.abs(t(c.createdAt) - created) < DEDUPE_WINDOW_MS);
  }

  /** A live call: it goes on top of the history and (without revisions) its counter is serving its ticket. */
  applyCall(call: QueueCall): void {
    this.knownNow = true;
    if (!this.calls.some((c) => sameCall(c, call))) this.calls = sortCalls([call, ...this.calls]);
    // With revisions the counters follow the deltas only: a replayed older call must not undo a newer state.
    if (this.revNow !== undefined) return;
    const counter = this.counterMap.get(call.counter);
    if (t(counter?.calledAt) > t(call.createdAt)) return;
    this.counterMap.set(call.counter, { counter: call.counter, state: 'serving', ticket: call.ticket, callId: call.id, calledAt: call.createdAt });
  }
}

/** Newest first by createdAt, deduplicated, capped. Stable: equal instants keep the order given (newest arrival first). */
function sortCalls(calls: QueueCall[]): QueueCall[] {
  const seen = new Set<string>();
  // By id and createdAt: a reused id on a new call is a new row.
  return calls
    .filter((c) => !seen.has(callKey(c)) && seen.add(callKey(c)))
    .sort((a, b) => t(b.createdAt) - t(a.createdAt))
    .slice(0, QUEUE_HISTORY);
}

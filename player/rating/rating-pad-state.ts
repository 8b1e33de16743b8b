/**
 * What the counter's rating pad (`?mode=rating`) shows, as a pure reducer of (state, event, now):
 * - idle (欢迎评价 and the counter) until the server names a ticket just finished at the counter;
 * - ask 非常满意 / 满意 / 不满意 about that ticket for `promptMs` (30 s; shorter under the test clock),
 *   each finished ticket asked about once, however often the server names it again;
 * - thanks (谢谢您的评价) for `thanksMs` after an answer, then idle; a newer ticket replaces any view.
 * The component (rating-pad.ts) only fetches, draws and keeps one timer for `wakeAt`.
 */

export interface PadTicket {
  number: string;
  doneAt: string;
  serviceName: string;
}

export type PadView = { kind: 'idle' } | { kind: 'ask'; ticket: PadTicket; until: number } | { kind: 'thanks'; until: number };

export interface PadState {
  view: PadView;
  /** Tickets already asked about (`number@doneAt`), newest last, a few kept. */
  asked: readonly string[];
}

export type PadEvent = { type: 'ratable'; ticket: PadTicket } | { type: 'answered' } | { type: 'tick' };

export interface PadTiming {
  promptMs: number;
  thanksMs: number;
}

/** 30 s to answer, as the hall's own queue promises (RATING_PROMPT_MS); 4 s of thanks. */
export const PAD_TIMING: PadTiming = { promptMs: 30_000, thanksMs: 4_000 };
const KEPT = 20;

export const initialPad: PadState = { view: { kind: 'idle' }, asked: [] };

const keyOf = (t: PadTicket): string => `${t.number}@${t.doneAt}`;

/** The pad after `event` at `now`. */
export function padNext(state: PadState, event: PadEvent, now: number, timing: PadTiming = PAD_TIMING): PadState {
  const expired = 'until' in state.view && state.view.until <= now;
  const current: PadState = expired ? { ...state, view: { kind: 'idle' } } : state;
  switch (event.type) {
    case 'tick':
      return current;
    case 'ratable': {
      const key = keyOf(event.ticket);
      if (current.asked.includes(key)) return current;
      return { view: { kind: 'ask', ticket: event.ticket, until: now + timing.promptMs }, asked: [...current.asked, key].slice(-KEPT) };
    }
    case 'answered':
      return current.view.kind === 'ask' ? { ...current, view: { kind: 'thanks', until: now + timing.thanksMs } } : current;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** When the view changes by itself (undefined: never). */
export function wakeAt(state: PadState): number | undefined {
  return 'until' in state.view ? state.view.until : undefined;
}

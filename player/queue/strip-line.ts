/**
 * What a counter's LED strip says (pure): the ticket its counter serves (`A023 请到 3 号窗口`), the
 * paused text when every counter it shows is paused or closed, else the idle text. Both texts are
 * configurable per screen (`stripIdleText`, `stripPausedText`). A strip serving several counters
 * shows the one called last.
 */
import { DEFAULT_STRIP_IDLE_TEXT, DEFAULT_STRIP_PAUSED_TEXT } from '../../content/model';
import type { CounterStatus } from '../../content/queue';

/** Why a strip says what it says. */
export type StripKind = 'serving' | 'idle' | 'paused';

/** The line on a strip and why. */
export interface StripLine {
  kind: StripKind;
  text: string;
  /** For `serving`: whose ticket it is. */
  counter?: string;
  ticket?: string;
}

/** The steady line of a serving counter. */
export function servingText(ticket: string, counter: string): string {
  return `${ticket.toUpperCase()} 请到 ${counter} 号窗口`;
}

/** The strip's line for its own counters. */
export function stripLine(
  own: readonly string[],
  statusOf: (counter: string) => CounterStatus | undefined,
  texts: { idle?: string; paused?: string } = {},
): StripLine {
  const statuses = own.map((id) => statusOf(id) ?? { counter: id, state: 'idle' as const });
  const at = (s: CounterStatus): number => (s.calledAt ? Date.parse(s.calledAt) : 0);
  const serving = statuses.filter((s) => s.state === 'serving' && s.ticket).sort((a, b) => at(b) - at(a))[0];
  if (serving?.ticket) return { kind: 'serving', text: servingText(serving.ticket, serving.counter), counter: serving.counter, ticket: serving.ticket };
  if (statuses.length > 0 && statuses.every((s) => s.state === 'paused' || s.state === 'closed')) {
    return { kind: 'paused', text: texts.paused?.trim() || DEFAULT_STRIP_PAUSED_TEXT };
  }
  return { kind: 'idle', text: texts.idle?.trim() || DEFAULT_STRIP_IDLE_TEXT };
}

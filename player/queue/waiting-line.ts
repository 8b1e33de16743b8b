/**
 * How a board words one service's waiting count and, when the hall's queue sends it, the estimated wait
 * of someone who takes a ticket now (约 M 分钟). Shared by the pixi board and its DOM mirror, so what a
 * test reads is what the screen shows.
 */
import type { WaitingCount } from './queue-model';

/** `约 M 分钟` (at least 1) while people wait and an estimate is known; undefined otherwise. */
export function waitEstimate(w: WaitingCount): string | undefined {
  if (w.count === 0 || w.minutes === undefined) return undefined;
  return `约 ${Math.max(1, w.minutes)} 分钟`;
}

/** The board's line entry: `居民业务 3 人 约 12 分钟`. */
export function waitingEntry(w: WaitingCount): string {
  const est = waitEstimate(w);
  return `${w.service} ${w.count} 人${est ? ` ${est}` : ''}`;
}

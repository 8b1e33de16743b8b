/**
 * Dates and times as a Chinese hall reads them, always in the hall's time zone (a screen's own
 * time zone setting is often wrong). Pure: built on content/wall-clock, tested without a DOM.
 */
import { wallClock } from '../../content/wall-clock';

const WEEKDAYS = '一二三四五六日';
const pad = (n: number): string => String(n).padStart(2, '0');

/** `HH:mm` in the hall's time zone. */
export function formatTime(ms: number, timeZone: string): string {
  const minutes = Math.floor(wallClock(ms, timeZone).minutes);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `2026年11月27日 星期五` in the hall's time zone. */
export function formatLongDate(ms: number, timeZone: string): string {
  const wc = wallClock(ms, timeZone);
  const [y, m, d] = wc.date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日 星期${WEEKDAYS[wc.weekday - 1]}`;
}

/** `11月27日 08:00`, with the year only when it is not the current one. */
export function formatDateTime(ms: number, timeZone: string, nowMs: number): string {
  const wc = wallClock(ms, timeZone);
  const [y, m, d] = wc.date.split('-').map(Number) as [number, number, number];
  const year = wallClock(nowMs, timeZone).date.slice(0, 4) === String(y) ? '' : `${y}年`;
  return `${year}${m}月${d}日 ${formatTime(ms, timeZone)}`;
}

/** A span such as `11月27日 08:00 至 18:00`, naming the end date only when it differs. */
export function formatSpan(startMs: number, endMs: number, timeZone: string, nowMs: number): string {
  const sameDay = wallClock(startMs, timeZone).date === wallClock(endMs, timeZone).date;
  const end = sameDay ? formatTime(endMs, timeZone) : formatDateTime(endMs, timeZone, nowMs);
  return `${formatDateTime(startMs, timeZone, nowMs)} 至 ${end}`;
}

/** A clock's text at `ms`: `[time, date]`, the time with seconds when asked (seconds agree in every zone). */
export function clockText(ms: number, timeZone: string, showSeconds: boolean): [string, string] {
  const time = formatTime(ms, timeZone) + (showSeconds ? `:${pad(Math.floor(ms / 1000) % 60)}` : '');
  return [time, formatLongDate(ms, timeZone)];
}

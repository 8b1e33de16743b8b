/**
 * The dates a 营业厅日历 view covers, on the hall's calendar: one day, the week (Monday first, as
 * Chinese calendars print it) or the whole weeks around a month. Pure string arithmetic on
 * `YYYY-MM-DD` (content/wall-clock.ts), so the browser's zone never moves a day.
 */
import type { ExceptionDay } from '../../content/model';
import { EXCEPTION_KIND_LABELS } from '../../content/model';
import { addDays, isoWeekday } from '../../content/wall-clock';

export type CalendarView = 'day' | 'week' | 'month';
export const CALENDAR_VIEWS: readonly CalendarView[] = ['day', 'week', 'month'];
export const VIEW_LABELS: Record<CalendarView, string> = { day: '日', week: '周', month: '月' };

/** The Monday of `date`'s week. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

const monthOf = (date: string): string => date.slice(0, 7);

/** The first day of the month after (or before, `by` < 0) `date`'s. */
export function addMonths(date: string, by: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** What a view of `date` shows: its first date and how many days. A month is whole weeks, 4 to 6. */
export function viewSpan(view: CalendarView, date: string): { from: string; days: number } {
  if (view === 'day') return { from: date, days: 1 };
  if (view === 'week') return { from: weekStart(date), days: 7 };
  const first = `${monthOf(date)}-01`;
  const last = addDays(addMonths(date, 1), -1);
  const from = weekStart(first);
  const to = addDays(weekStart(last), 6);
  return { from, days: Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1 };
}

/** The date the 上一页 / 下一页 buttons go to: a day, a week or a month on. */
export function shiftDate(view: CalendarView, date: string, by: 1 | -1): string {
  if (view === 'day') return addDays(date, by);
  if (view === 'week') return addDays(date, 7 * by);
  return addMonths(date, by);
}

/** Is `day` in the month the view is about (grey otherwise)? */
export const inMonth = (day: string, date: string): boolean => monthOf(day) === monthOf(date);

/** `2027年2月`, `2027年2月8日–14日`, `2027年2月10日 周三`: the view's caption. */
export function viewTitle(view: CalendarView, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (view === 'month') return `${y}年${m}月`;
  if (view === 'day') return `${y}年${m}月${d}日 周${'一二三四五六日'[isoWeekday(date) - 1]}`;
  const from = weekStart(date);
  const to = addDays(from, 6);
  const [, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return `${from.slice(0, 4)}年${m1}月${d1}日–${y2 !== Number(from.slice(0, 4)) ? `${y2}年` : ''}${m2 !== m1 ? `${m2}月` : ''}${d2}日`;
}

/** The mark on an exception day: `闭馆 · 春节`, `特殊营业时间 09:00–12:00`, `照常营业 · 春节值班`. */
export function exceptionMark(d: ExceptionDay | undefined): { kind: ExceptionDay['kind']; text: string } | undefined {
  if (!d) return undefined;
  const hours = d.kind === 'hours' ? ` ${d.windows.map((w) => `${w.start}–${w.overnight ? '次日' : ''}${w.end}`).join('、')}` : '';
  return { kind: d.kind, text: `${EXCEPTION_KIND_LABELS[d.kind]}${hours}${d.name ? ` · ${d.name}` : ''}` };
}

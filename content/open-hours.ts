/**
 * Is an area open? Pure functions of (weekly hours, exception days, instant, hall time zone), the one
 * answer the resolver (standby), the alerts (offline during business hours) and the calendar use.
 *
 * Rules:
 * 1. A date's plan is its exception day if one applies to the area, else the weekly hours (a weekday
 *    not listed is closed), else 24 h (an area without hours).
 * 2. An exception without `areas` applies to every area with weekly hours; 24 h areas (自助服务区) keep
 *    running. With `areas`, exactly those areas, 24 h ones included.
 * 3. A window ending before its start crosses midnight and belongs to the day it starts: 20:00–02:00
 *    on a special day keeps the next morning open until 02:00, whatever that day's plan.
 * 4. Between the district's list and the hall's, the hall's entry wins for its date — for every area,
 *    so a hall entry limited to some areas leaves the others on their weekly hours that day.
 * 5. An `open` entry (照常营业) gives the area its weekly plan for the date (rule 1 without the
 *    exception): open in the weekly windows, closed on a weekday the hours do not list, 24 h for an area
 *    without hours. The entry still rides on the plan, so reasons can name it.
 */
import type { Area, AreaHours } from './model';
import type { ExceptionDay } from './exception-days';
import { addDays, isoWeekday, parseHhMm, wallClock, zonedInstant } from './wall-clock';

/** The list that counts in a hall: its own entries, and the district's on dates it does not name; by date. */
export function effectiveExceptions(own: readonly ExceptionDay[] | undefined, district: readonly ExceptionDay[] | undefined): ExceptionDay[] {
  const dates = new Set((own ?? []).map((d) => d.date));
  return [...(own ?? []), ...(district ?? []).filter((d) => !dates.has(d.date))].sort((a, b) => a.date.localeCompare(b.date));
}

/** The entries that apply to an area (rule 2). */
export function exceptionsForArea(list: readonly ExceptionDay[], area: Area, hours: AreaHours | undefined): ExceptionDay[] {
  return list.filter((d) => (d.areas ? d.areas.includes(area) : hours !== undefined));
}

type Window = { start: string; end: string };

/** What one date holds for an area: open all day, closed, or open in these windows; `exception` when one decided. */
export type DayPlan =
  | { kind: 'allDay'; exception?: ExceptionDay }
  | { kind: 'closed'; exception?: ExceptionDay }
  | { kind: 'windows'; windows: readonly Window[]; exception?: ExceptionDay };

/** Rule 1 for one date; `exceptions` are the area's (`exceptionsForArea`). */
export function dayPlan(hours: AreaHours | undefined, exceptions: readonly ExceptionDay[], date: string): DayPlan {
  const exception = exceptions.find((d) => d.date === date);
  switch (exception?.kind) {
    case 'closed':
      return { kind: 'closed', exception };
    case 'hours':
      return { kind: 'windows', windows: exception.windows, exception };
    case 'open':
      return { ...weeklyPlan(hours, date), exception };
    case undefined:
      return weeklyPlan(hours, date);
    default: {
      const never: never = exception;
      return never;
    }
  }
}

/** The weekly hours' plan for a date: a weekday not listed is closed, an area without hours runs 24 h. */
function weeklyPlan(hours: AreaHours | undefined, date: string): DayPlan {
  if (!hours) return { kind: 'allDay' };
  if (hours.days && !hours.days.includes(isoWeekday(date))) return { kind: 'closed' };
  return { kind: 'windows', windows: hours.windows };
}

/** Open or not at an instant; `plan` is the plan of the day that decided (today's, or yesterday's overnight window). */
export interface OpenState {
  open: boolean;
  date: string;
  plan: DayPlan;
}

/** Is the area open at `ms` on the hall's clock? */
export function openAt(hours: AreaHours | undefined, exceptions: readonly ExceptionDay[], ms: number, timeZone: string): OpenState {
  const wc = wallClock(ms, timeZone);
  return openAtWallClock(hours, exceptions, wc.date, wc.minutes);
}

/** `openAt` for a reading of the hall's clock (the resolver reads it once per probe). */
export function openAtWallClock(hours: AreaHours | undefined, exceptions: readonly ExceptionDay[], date: string, minutes: number): OpenState {
  const today = dayPlan(hours, exceptions, date);
  if (today.kind === 'allDay') return { open: true, date, plan: today };
  if (today.kind === 'windows')
    for (const w of today.windows) {
      const s = parseHhMm(w.start);
      const e = parseHhMm(w.end);
      if (s < e ? minutes >= s && minutes < e : minutes >= s) return { open: true, date, plan: today };
    }
  const prevDate = addDays(date, -1);
  const prev = dayPlan(hours, exceptions, prevDate);
  if (prev.kind === 'windows')
    for (const w of prev.windows) {
      const s = parseHhMm(w.start);
      const e = parseHhMm(w.end);
      if (s > e && minutes < e) return { open: true, date: prevDate, plan: prev };
    }
  return { open: false, date, plan: today };
}

/** Instants in (fromMs, untilMs] at which the open state may switch: local midnights and window edges. */
export function hoursEdges(hours: AreaHours | undefined, exceptions: readonly ExceptionDay[], timeZone: string, fromMs: number, untilMs: number): number[] {
  if (!hours && exceptions.length === 0) return [];
  const first = addDays(wallClock(fromMs, timeZone).date, -1);
  const last = addDays(wallClock(untilMs, timeZone).date, 1);
  const out = new Set<number>();
  const dates: string[] = [];
  if (hours) for (let d = first; d <= last; d = addDays(d, 1)) dates.push(d);
  else for (const x of exceptions) if (x.date >= first && x.date <= last) dates.push(x.date, addDays(x.date, 1));
  for (const date of dates) {
    out.add(zonedInstant(date, 0, timeZone));
    const plan = dayPlan(hours, exceptions, date);
    if (plan.kind !== 'windows') continue;
    for (const w of plan.windows) {
      out.add(zonedInstant(date, parseHhMm(w.start), timeZone));
      out.add(zonedInstant(w.end < w.start ? addDays(date, 1) : date, parseHhMm(w.end), timeZone));
    }
  }
  return [...out].filter((t) => t > fromMs && t <= untilMs).sort((a, b) => a - b);
}

/** Milliseconds within (from, to] during which the area is open (no hours and no exceptions: all of it). */
export function openMsWithin(hours: AreaHours | undefined, exceptions: readonly ExceptionDay[], timeZone: string, from: number, to: number): number {
  if (to <= from) return 0;
  if (!hours && exceptions.length === 0) return to - from;
  const cuts = [from, ...hoursEdges(hours, exceptions, timeZone, from, to), to];
  let open = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    if (b > a && openAt(hours, exceptions, a, timeZone).open) open += b - a;
  }
  return open;
}

const windowsText = (windows: readonly Window[]): string => windows.map((w) => `${w.start}–${w.end < w.start ? '次日 ' : ''}${w.end}`).join('、');

/**
 * Why a closed area is closed, in staff's words: `2027-02-10 春节闭馆`, `特殊营业时间（春节 09:00–12:00）以外`,
 * `2027-02-10 春节照常营业，本区域营业时间（08:30–17:30）以外`.
 */
export function closedText(state: OpenState, hours: AreaHours | undefined): string {
  const { plan, date } = state;
  const exception = plan.exception;
  const weekly = `本区域营业时间（${(hours?.windows ?? []).map((w) => `${w.start}–${w.end}`).join('、')}）以外`;
  if (exception?.kind === 'closed') return `${date} ${exception.name || '例外日期'}闭馆`;
  if (exception?.kind === 'hours' && plan.kind === 'windows') return `${date} 特殊营业时间（${exception.name ? `${exception.name} ` : ''}${windowsText(plan.windows)}）以外`;
  // NOTE: on a weekday the weekly hours skip, 照常营业 means closed; saying so spares staff a puzzle.
  if (exception?.kind === 'open') return `${date} ${exception.name ? `${exception.name}` : ''}照常营业，${plan.kind === 'closed' ? '但每周营业时间不含这一天' : weekly}`;
  return weekly;
}

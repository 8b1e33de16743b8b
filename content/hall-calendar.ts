/**
 * 营业厅日历: what every screen of one hall plays per day and hour over a week or a month, with the
 * exception days (闭馆, 特殊营业时间, 照常营业) marked. Pure: from the hall's schedules, hours, exception days
 * and content, and a first date on the hall's calendar. Built only from `timeline` (the resolver), so
 * the calendar cannot disagree with the screens; screens that would play alike are resolved once.
 */
import { z } from 'zod';
import { ExceptionDay, type Hall, type Playlist, type Schedule, type Slide } from './model';
import { Area, Id, IsoDate, IsoInstant } from './primitives';
import type { Manifest } from './protocol';
import { dayPlan, effectiveExceptions, exceptionsForArea } from './open-hours';
import { STANDBY_SLIDE_ID, defaultChain } from './schedule';
import { targetSpecificity, targetsScreen } from './targeting';
import { timeline } from './timeline';
import { addDays, zonedInstant } from './wall-clock';

/** Longest span one answer covers: a month view shows 6 weeks. */
export const MAX_CALENDAR_DAYS = 42;

/** Why a stretch plays what it does (the editor's `segmentKind`, decided here once). */
export const CalendarKind = z.enum(['scheduled', 'default', 'standby', 'idle']);
export type CalendarKind = z.infer<typeof CalendarKind>;

export const CalendarSegment = z.object({
  start: IsoInstant,
  end: IsoInstant,
  kind: CalendarKind,
  scheduleIds: z.array(Id),
  /** The default content's playlist, for `default` stretches. */
  playlistId: Id.optional(),
});
export type CalendarSegment = z.infer<typeof CalendarSegment>;

/** Screens that play alike (same area, same entries, same default): one row of segments. */
export const CalendarGroup = z.object({ area: Area, screenIds: z.array(Id), segments: z.array(CalendarSegment) });
export type CalendarGroup = z.infer<typeof CalendarGroup>;

/** One hour of one day across the hall: which entries play on how many screens, how many are in standby. */
export const CalendarHour = z.object({
  entries: z.array(z.object({ scheduleId: Id, screens: z.number().int().min(0) })),
  standby: z.number().int().min(0),
});

export const CalendarDay = z.object({
  date: IsoDate,
  /** The exception day of the hall on this date (its own, else the district's). */
  exception: ExceptionDay.optional(),
  /** Areas with screens that are closed all day (闭馆 or not a business day). */
  closedAreas: z.array(Area),
  /** 24 cells, local hours 00–23 (a DST day's missing hour is an empty cell). */
  hours: z.array(CalendarHour),
  /** Entries playing that day: on how many screens, and the most minutes on any one of them. */
  entries: z.array(z.object({ scheduleId: Id, screens: z.number().int().min(0), minutes: z.number().min(0) })),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const HallCalendar = z.object({
  hallId: Id,
  timezone: z.string(),
  from: IsoDate,
  days: z.array(CalendarDay),
  groups: z.array(CalendarGroup),
  /** Names for every entry and default playlist the answer mentions. */
  schedules: z.array(z.object({ id: Id, name: z.string(), playlistId: Id })),
  playlists: z.array(z.object({ id: Id, name: z.string() })),
  screens: z.array(z.object({ id: Id, name: z.string(), area: Area })),
});
export type HallCalendar = z.infer<typeof HallCalendar>;

export interface HallCalendarInput {
  hall: Hall;
  districtExceptions?: readonly ExceptionDay[];
  /** The hall's screens. */
  screens: readonly Manifest['screen'][];
  schedules: readonly Schedule[];
  playlists: readonly Playlist[];
  /** The on-air version of each slide (what screens are sent). */
  slides: readonly Slide[];
}

function kindOf(items: { slideId: string; scheduleId?: string; playlistId?: string }[], idle: boolean): CalendarKind {
  if (idle) return 'idle';
  if (items.length === 1 && items[0]!.slideId === STANDBY_SLIDE_ID) return 'standby';
  if (items.every((i) => !i.scheduleId)) return 'default';
  return 'scheduled';
}

/** Resolves each group of alike screens over the span, with the resolver's own timeline. */
function groupsOf(input: HallCalendarInput, fromMs: number, untilMs: number): CalendarGroup[] {
  const { hall } = input;
  const playlists = new Map(input.playlists.map((p) => [p.id, p]));
  const slides = new Map(input.slides.map((s) => [s.id, s]));
  const groups = new Map<string, { screen: Manifest['screen']; schedules: Schedule[]; ids: string[] }>();
  for (const screen of input.screens) {
    const schedules = input.schedules.filter((s) => targetsScreen(s.target, screen));
    const key = [screen.area, screen.defaultPlaylistId ?? '', ...schedules.map((s) => `${s.id}:${targetSpecificity(s.target, screen)}`)].join('|');
    const g = groups.get(key);
    if (g) g.ids.push(screen.id);
    else groups.set(key, { screen, schedules, ids: [screen.id] });
  }
  return [...groups.values()].map(({ screen, schedules, ids }) => {
    const pl = [...new Set([...schedules.map((s) => s.playlistId), ...defaultChain(hall, screen).map((d) => d.playlistId)])].flatMap((id) => playlists.get(id) ?? []);
    const sl = [...new Set(pl.flatMap((p) => p.items.map((i) => i.slideId)))].flatMap((id) => slides.get(id) ?? []);
    const manifest: Manifest = {
      version: '', generatedAt: '', screen, hall, schedules, playlists: pl, slides: sl, overrides: [],
      ...(input.districtExceptions && { districtExceptions: [...input.districtExceptions] }),
    };
    const segments = timeline(manifest, fromMs, untilMs).map((seg): CalendarSegment => {
      const kind = kindOf(seg.items, seg.idle);
      const playlistId = kind === 'default' ? seg.items.find((i) => i.playlistId)?.playlistId : undefined;
      return { start: seg.start, end: seg.end, kind, scheduleIds: seg.scheduleIds, ...(playlistId && { playlistId }) };
    });
    return { area: screen.area, screenIds: ids, segments };
  });
}

/** The calendar of `input.hall` for `days` days from `fromDate` (a date on the hall's calendar). */
export function hallCalendar(input: HallCalendarInput, fromDate: string, days: number): HallCalendar {
  const { hall } = input;
  const tz = hall.timezone;
  const fromMs = zonedInstant(fromDate, 0, tz);
  const untilMs = zonedInstant(addDays(fromDate, days), 0, tz);
  const groups = groupsOf(input, fromMs, untilMs);
  const spans = groups.map((g) => ({ g, segs: g.segments.map((s) => ({ s, a: Date.parse(s.start), b: Date.parse(s.end) })) }));
  const exceptions = effectiveExceptions(hall.exceptions, input.districtExceptions);
  const areas = [...new Set(input.screens.map((s) => s.area))];
  // Entries listed in the order staff keep them, every day the same.
  const order = new Map(input.schedules.map((s, i) => [s.id, i]));
  const inOrder = (x: { scheduleId: string }, y: { scheduleId: string }): number => (order.get(x.scheduleId) ?? 0) - (order.get(y.scheduleId) ?? 0);

  const out: CalendarDay[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(fromDate, d);
    const hours = Array.from({ length: 24 }, (_, hour) => {
      const a = zonedInstant(date, hour * 60, tz);
      const b = zonedInstant(hour === 23 ? addDays(date, 1) : date, hour === 23 ? 0 : (hour + 1) * 60, tz);
      const counts = new Map<string, number>();
      let standby = 0;
      // The hour a DST change skips has no length: nothing plays in it.
      if (b <= a) return { entries: [], standby: 0 };
      for (const { g, segs } of spans) {
        const here = segs.filter((x) => x.a < b && x.b > a);
        const ids = new Set(here.flatMap((x) => x.s.scheduleIds));
        for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + g.screenIds.length);
        if (here.some((x) => x.s.kind === 'standby')) standby += g.screenIds.length;
      }
      return { entries: [...counts].map(([scheduleId, screens]) => ({ scheduleId, screens })).sort(inOrder), standby };
    });
    const dayStart = zonedInstant(date, 0, tz);
    const dayEnd = zonedInstant(addDays(date, 1), 0, tz);
    const entries = new Map<string, { screens: number; minutes: number }>();
    for (const { g, segs } of spans) {
      const minutes = new Map<string, number>();
      for (const { s, a, b } of segs) {
        const overlap = Math.min(b, dayEnd) - Math.max(a, dayStart);
        if (overlap > 0) for (const id of s.scheduleIds) minutes.set(id, (minutes.get(id) ?? 0) + overlap / 60_000);
      }
      for (const [id, m] of minutes) {
        const e = entries.get(id) ?? { screens: 0, minutes: 0 };
        entries.set(id, { screens: e.screens + g.screenIds.length, minutes: Math.max(e.minutes, Math.round(m)) });
      }
    }
    const exception = exceptions.find((x) => x.date === date);
    const closedAreas = areas.filter((area) => dayPlan(hall.hours?.[area], exceptionsForArea(exceptions, area, hall.hours?.[area]), date).kind === 'closed');
    out.push({
      date,
      ...(exception && { exception }),
      closedAreas,
      hours,
      entries: [...entries].map(([scheduleId, e]) => ({ scheduleId, ...e })).sort(inOrder),
    });
  }

  const usedSchedules = new Set(groups.flatMap((g) => g.segments.flatMap((s) => s.scheduleIds)));
  const usedPlaylists = new Set(groups.flatMap((g) => g.segments.flatMap((s) => (s.playlistId ? [s.playlistId] : []))));
  const schedules = input.schedules.filter((s) => usedSchedules.has(s.id));
  for (const s of schedules) usedPlaylists.add(s.playlistId);
  return {
    hallId: hall.id,
    timezone: tz,
    from: fromDate,
    days: out,
    groups,
    schedules: schedules.map((s) => ({ id: s.id, name: s.name, playlistId: s.playlistId })),
    playlists: input.playlists.filter((p) => usedPlaylists.has(p.id)).map((p) => ({ id: p.id, name: p.name })),
    screens: input.screens.map((s) => ({ id: s.id, name: s.name, area: s.area })),
  };
}

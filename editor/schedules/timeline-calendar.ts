/**
 * Draws a timeline answer as a calendar: one row per day in the hall's time zone, a 24-hour axis, and
 * each segment as a coloured bar placed by its wall-clock start and end. A segment crossing midnight
 * becomes one bar per day it touches.
 */
import { STANDBY_SLIDE_ID } from '../../content/schedule';
import { addDays, wallClock, zonedInstant } from '../../content/wall-clock';
import type { TimelineResult, TimelineSegment } from '../api';
import { h } from '../ui/dom';
import { scheduleColour, sharedBackground } from './schedule-colour';

const DAY_MIN = 1440;
/** Hours that get a label on the axis; every hour still gets a grid line. */
const LABELLED_HOURS = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24];

/** Words and times in the hall's zone, whatever zone the browser is in. */
export class HallClock {
  private readonly time: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly weekday: Intl.DateTimeFormat;
  constructor(readonly timeZone: string) {
    this.time = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.day = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'long', day: 'numeric' });
    this.weekday = new Intl.DateTimeFormat('zh-CN', { timeZone, weekday: 'short' });
  }
  /** `18:00`. */
  hhmm(ms: number): string {
    return this.time.format(ms);
  }
  /** `11月27日` and `周四` of a `YYYY-MM-DD` in this zone (read at noon, clear of any DST jump). */
  dayParts(date: string): [string, string] {
    const noon = zonedInstant(date, 720, this.timeZone);
    return [this.day.format(noon), this.weekday.format(noon)];
  }
  /** `11月27日 周四 18:00–20:00`, or `11月27日 22:00 – 11月28日 06:00` across midnight. */
  range(startMs: number, endMs: number): string {
    const a = wallClock(startMs, this.timeZone);
    const b = wallClock(endMs, this.timeZone);
    const [aDay, aWeek] = this.dayParts(a.date);
    if (b.date === a.date) return `${aDay} ${aWeek} ${this.hhmm(startMs)}–${this.hhmm(endMs)}`;
    // An end at midnight belongs to the day before: 18:00–24:00, not "– next day 00:00".
    if (b.minutes === 0 && b.date === addDays(a.date, 1)) return `${aDay} ${aWeek} ${this.hhmm(startMs)}–24:00`;
    return `${aDay} ${this.hhmm(startMs)} – ${this.dayParts(b.date)[0]} ${this.hhmm(endMs)}`;
  }
}

/** A playlist's name by id, when the page knows it (default content is named by its playlist). */
export type PlaylistNames = (playlistId: string) => string | undefined;

/**
 * Why a segment plays what it does: schedule entries, the screen's / area's / hall's default content
 * (items with a playlist but no entry), standby outside business hours, or the built-in idle slide.
 */
export type SegmentKind = 'scheduled' | 'default' | 'standby' | 'idle';

/** The kind of a segment, read from its items the way the resolver made them. */
export function segmentKind(seg: TimelineSegment): SegmentKind {
  if (seg.idle) return 'idle';
  if (seg.items.length === 1 && seg.items[0]!.slideId === STANDBY_SLIDE_ID) return 'standby';
  if (seg.scheduleIds.length === 0 && seg.items.some((i) => i.playlistId && !i.scheduleId)) return 'default';
  return 'scheduled';
}

/** The playlist a default-content segment plays. */
export function defaultPlaylistOf(seg: TimelineSegment): string | undefined {
  return seg.items.find((i) => i.playlistId && !i.scheduleId)?.playlistId;
}

/** `默认内容「迎宾轮播」`, or just 默认内容 when the name is not known here. */
export function defaultContentLabel(seg: TimelineSegment, names?: PlaylistNames): string {
  const id = defaultPlaylistOf(seg);
  const name = id ? names?.(id) : undefined;
  return name ? `默认内容「${name}」` : '默认内容';
}

/** What a bar says: the entries playing, 默认内容「…」, 营业时间外, or 待机画面. */
export function segmentLabel(seg: TimelineSegment, names?: PlaylistNames): string {
  switch (segmentKind(seg)) {
    case 'idle': return '待机画面';
    case 'standby': return '营业时间外';
    case 'default': return defaultContentLabel(seg, names);
    case 'scheduled':
      if (seg.schedules.length) return seg.schedules.map((s) => s.name).join(' + ');
      return seg.items.map((i) => i.title).join('、') || '—';
  }
}

/** The hover text of a bar: full time range, entries, slide titles. */
export function segmentSummary(seg: TimelineSegment, clock: HallClock, names?: PlaylistNames): string {
  const titles = [...new Set(seg.items.map((i) => i.title))];
  const shown = titles.slice(0, 8).join('、') + (titles.length > 8 ? ` 等 ${titles.length} 项` : '');
  const kind = segmentKind(seg);
  const why = {
    idle: '无排期：播放待机画面（营业厅名称与时钟）',
    standby: '营业时间外：屏幕待机（调暗显示营业厅名称与时钟，或黑屏，见系统设置）',
    default: `无生效排期：播放${defaultContentLabel(seg, names)}`,
    scheduled: `排期：${seg.schedules.map((s) => s.name).join('、') || '—'}`,
  }[kind];
  return [
    clock.range(Date.parse(seg.start), Date.parse(seg.end)),
    why,
    (kind === 'scheduled' || kind === 'default') && `内容：${shown}`,
  ].filter(Boolean).join('\n');
}

/** Background of a segment's bar; kinds other than scheduled are styled by class. */
export function segmentBackground(seg: TimelineSegment): string | undefined {
  return segmentKind(seg) === 'scheduled' && seg.scheduleIds.length ? sharedBackground(seg.scheduleIds) : undefined;
}

export interface CalendarInput {
  result: TimelineResult;
  /** First day shown, `YYYY-MM-DD` in the hall's zone. */
  fromDate: string;
  days: number;
  /** A bar was clicked: the segment and the instant the bar starts (its day's share of the segment). */
  onBar(seg: TimelineSegment, barStart: Date): void;
  /** Names default content by its playlist. */
  playlistNames?: PlaylistNames;
  now?: number;
}

/** The 00:00–24:00 hour scale above and below a calendar's rows (also the 营业厅日历's day view). */
export function timelineAxis(): HTMLElement {
  return h('div', { class: 'tl-row tl-axis', 'aria-hidden': 'true' }, [
    h('div', { class: 'tl-day-label' }),
    // Narrow screens keep only every 4th / 6th hour's label (style.css), so labels never overlap.
    h('div', { class: 'tl-scale' }, LABELLED_HOURS.map((hour) =>
      h('span', {
        class: ['tl-tick', hour % 4 === 0 && 'h4', hour % 6 === 0 && 'h6', hour === 0 && 'first', hour === 24 && 'last'].filter(Boolean).join(' '),
        style: `left: ${(hour / 24) * 100}%`,
      }, `${String(hour).padStart(2, '0')}:00`))),
  ]);
}

function bar(
  seg: TimelineSegment, a: number, b: number, dayStart: number, dayEnd: number, clock: HallClock,
  onBar: CalendarInput['onBar'], names?: PlaylistNames,
): HTMLElement {
  const left = a <= dayStart ? 0 : wallClock(a, clock.timeZone).minutes;
  let right = b >= dayEnd ? DAY_MIN : wallClock(b, clock.timeZone).minutes;
  // On a day the clocks go back, wall-clock minutes can run backwards inside one bar.
  if (right <= left) right = Math.min(DAY_MIN, left + (b - a) / 60_000);
  const label = segmentLabel(seg, names);
  const summary = segmentSummary(seg, clock, names);
  const background = segmentBackground(seg);
  const kind = segmentKind(seg);
  const extra = kind !== 'scheduled' ? ` ${kind}` : seg.scheduleIds.length > 1 ? ' shared' : '';
  return h('button', {
    type: 'button',
    class: `tl-bar${extra}`,
    'data-testid': 'timeline-bar',
    'data-start': new Date(a).toISOString(),
    'data-end': new Date(b).toISOString(),
    'data-schedule-ids': seg.scheduleIds.join(' '),
    'data-idle': String(seg.idle),
    'data-kind': kind,
    'data-playlist-id': kind === 'default' ? defaultPlaylistOf(seg) : undefined,
    style: `left: ${(left / DAY_MIN) * 100}%; width: ${((right - left) / DAY_MIN) * 100}%;${background ? ` background: ${background};` : ''}`,
    title: summary,
    'aria-label': summary.replace(/\n/g, '；'),
    onclick: () => onBar(seg, new Date(a)),
  }, h('span', { class: 'tl-bar-label' }, label));
}

/** The calendar rows (`timeline-day`, `timeline-bar`) for `days` days from `fromDate`. */
export function timelineCalendar({ result, fromDate, days, onBar, playlistNames, now = Date.now() }: CalendarInput): HTMLElement {
  const clock = new HallClock(result.timezone);
  const segs = result.segments.map((s) => ({ seg: s, a: Date.parse(s.start), b: Date.parse(s.end) }));
  const today = wallClock(now, clock.timeZone).date;
  const rows: HTMLElement[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(fromDate, d);
    const dayStart = zonedInstant(date, 0, clock.timeZone);
    const dayEnd = zonedInstant(addDays(date, 1), 0, clock.timeZone);
    const bars = segs
      .filter(({ a, b }) => a < dayEnd && b > dayStart)
      .map(({ seg, a, b }) => bar(seg, Math.max(a, dayStart), Math.min(b, dayEnd), dayStart, dayEnd, clock, onBar, playlistNames));
    const isToday = date === today;
    const [dayText, weekText] = clock.dayParts(date);
    const nowLine = isToday && h('span', {
      class: 'tl-now', title: `现在 ${clock.hhmm(now)}`, style: `left: ${(wallClock(now, clock.timeZone).minutes / DAY_MIN) * 100}%`,
    });
    rows.push(h('div', { class: `tl-row tl-day${isToday ? ' today' : ''}`, 'data-testid': 'timeline-day', 'data-date': date }, [
      h('div', { class: 'tl-day-label' }, [
        h('strong', {}, dayText),
        h('small', { class: 'muted' }, isToday ? `${weekText} · 今天` : weekText),
      ]),
      h('div', { class: 'tl-track' }, [bars.length ? bars : h('span', { class: 'tl-empty muted' }, '无数据'), nowLine]),
    ]));
  }
  return h('div', { class: 'tl-calendar' }, [timelineAxis(), rows, timelineAxis()]);
}

/** Schedules seen in the answer, in order of first appearance, with hours each plays in the span. */
export function legendEntries(result: TimelineResult): { id: string; name: string; hours: number }[] {
  const seen = new Map<string, { id: string; name: string; hours: number }>();
  for (const seg of result.segments) {
    const hours = (Date.parse(seg.end) - Date.parse(seg.start)) / 3_600_000;
    for (const s of seg.schedules) {
      const e = seen.get(s.id) ?? { ...s, hours: 0 };
      e.hours += hours;
      seen.set(s.id, e);
    }
  }
  return [...seen.values()];
}

/**
 * The legend (`timeline-legend`): a swatch per schedule entry, linked when `href` gives a page, then
 * default content per playlist, 营业时间外 and 待机画面, each with its hours in the span.
 */
export function timelineLegend(result: TimelineResult, href?: (scheduleId: string) => string | undefined, names?: PlaylistNames): HTMLElement {
  const hoursText = (n: number) => `${Math.round(n * 10) / 10} 小时`;
  const hoursOf = (s: TimelineSegment) => (Date.parse(s.end) - Date.parse(s.start)) / 3_600_000;
  const idleHours = result.segments.filter((s) => s.idle).reduce((sum, s) => sum + hoursOf(s), 0);
  const standbyHours = result.segments.filter((s) => segmentKind(s) === 'standby').reduce((sum, s) => sum + hoursOf(s), 0);
  const defaults = new Map<string, { seg: TimelineSegment; hours: number }>();
  for (const seg of result.segments) {
    if (segmentKind(seg) !== 'default') continue;
    const id = defaultPlaylistOf(seg) ?? '';
    const e = defaults.get(id) ?? { seg, hours: 0 };
    e.hours += hoursOf(seg);
    defaults.set(id, e);
  }
  const items = legendEntries(result).map((e) => {
    const link = href?.(e.id);
    return h('li', { 'data-testid': 'timeline-legend-item', 'data-schedule-id': e.id }, [
      h('span', { class: 'tl-swatch', style: `background: ${scheduleColour(e.id)}` }),
      link ? h('a', { href: link }, e.name) : h('span', {}, e.name),
      h('small', { class: 'muted' }, hoursText(e.hours)),
    ]);
  });
  if (result.segments.some((s) => s.scheduleIds.length > 1)) {
    items.push(h('li', { 'data-testid': 'timeline-legend-item', 'data-shared': 'true' }, [
      h('span', { class: 'tl-swatch shared' }), h('span', {}, '斜纹：优先级相同的排期轮流播放'),
    ]));
  }
  for (const [id, { seg, hours }] of defaults) {
    items.push(h('li', { 'data-testid': 'timeline-legend-item', 'data-default-playlist-id': id }, [
      h('span', { class: 'tl-swatch default' }), h('span', {}, defaultContentLabel(seg, names)), h('small', { class: 'muted' }, hoursText(hours)),
    ]));
  }
  if (standbyHours > 0) {
    items.push(h('li', { 'data-testid': 'timeline-legend-item', 'data-standby': 'true' }, [
      h('span', { class: 'tl-swatch standby' }), h('span', {}, '营业时间外（待机）'), h('small', { class: 'muted' }, hoursText(standbyHours)),
    ]));
  }
  if (idleHours > 0) {
    items.push(h('li', { 'data-testid': 'timeline-legend-item', 'data-idle': 'true' }, [
      h('span', { class: 'tl-swatch idle' }), h('span', {}, '待机画面'), h('small', { class: 'muted' }, hoursText(idleHours)),
    ]));
  }
  return h('ul', { class: 'tl-legend', 'data-testid': 'timeline-legend', 'aria-label': '图例' }, items);
}

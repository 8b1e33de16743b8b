/**
 * The schedule resolver: a pure function of (manifest, now) that says what a screen plays, until when
 * the answer holds, and why. The server (previews, `/resolve`) and the player (offline playback) run
 * exactly this code.
 *
 * First: outside the area's business hours (weekly hours and exception days, content/open-hours.ts)
 * the screen shows standby, whatever is scheduled. Then, in order:
 * 1. An entry counts when it targets the screen and is active at T in the hall's wall-clock time:
 *    `from`/`until`/`except`/`days` are checked for the local date; with `windows`, T must fall in one.
 *    A window whose end is before its start crosses midnight and belongs to the day it starts.
 * 2. An entry's playable items are its playlist's slides that are approved and inside their validity
 *    (`validFrom` ≤ T < `validTo`). An entry left with no playable item is ignored.
 * 3. The highest priority among the remaining entries plays; lower ones are traced as "lower priority".
 * 4. Equal priority entries share the loop: ordered by target specificity (screen > area/tag > hall >
 *    all), then creation time, then id, their items interleave round-robin (A1 B1 A2 B2 A3 …).
 * 5. Nothing left: the built-in idle slide (hall name and clock), so a screen is never black.
 * 6. Layout: the first winning entry (in the order of rule 4) that names one gives the layout; else the
 *    screen's own; else none (one full-screen zone). Standby always fills the whole screen.
 */
import type { Manifest } from './protocol';
import type { AreaHours, Hall, Playlist, Schedule, Slide, When } from './model';
import { DEFAULT_SLIDE_MS } from './model';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID } from './builtin-slides';
import { targetSpecificity, targetsScreen } from './targeting';
import { addDays, formatWallClock, isoWeekday, parseHhMm, wallClock, zonedInstant, type WallClock } from './wall-clock';
import { closedText, effectiveExceptions, exceptionsForArea, hoursEdges, openAtWallClock } from './open-hours';
import type { ExceptionDay } from './exception-days';

export { IDLE_SLIDE_ID, STANDBY_SLIDE_ID, builtinSlide, idleSlide } from './builtin-slides';
/** How far ahead the resolver looks for the next change; a manifest covers this span. */
export const HORIZON_MS = 7 * 24 * 3600_000;

export interface PlayItem {
  slideId: string;
  durationMs: number;
  scheduleId?: string;
  playlistId?: string;
}

export type TraceOutcome =
  | 'playing'
  | 'lowerPriority'
  | 'notTargeted'
  | 'outsideWindow'
  | 'wrongWeekday'
  | 'notStarted'
  | 'ended'
  | 'exceptionDate'
  | 'noPlayableSlides'
  | 'missingPlaylist'
  | 'slideSkipped'
  | 'outsideHours'
  | 'default'
  | 'idle';

/** One line of "why is this playing", in words staff understand. */
export interface TraceLine {
  outcome: TraceOutcome;
  message: string;
  scheduleId?: string;
  slideId?: string;
}

export interface Resolution {
  items: PlayItem[];
  /** The layout whose main zone plays `items`; absent = the whole screen is the main zone. */
  layoutId?: string;
  /** The next instant at which the answer can change (ISO); the horizon end if nothing changes before. */
  nextChangeAt: string;
  trace: TraceLine[];
}

type Inactive = { outcome: Exclude<TraceOutcome, 'playing'>; message: string };

function dayCheck(when: When, date: string): Inactive | null {
  if (when.from && date < when.from) return { outcome: 'notStarted', message: `尚未开始（${when.from} 起）` };
  if (when.until && date > when.until) return { outcome: 'ended', message: `已于 ${when.until} 结束` };
  if (when.except?.includes(date)) return { outcome: 'exceptionDate', message: `${date} 为例外日期（如节假日），不播放` };
  if (when.days && !when.days.includes(isoWeekday(date)))
    return { outcome: 'wrongWeekday', message: `${date} 为星期${'一二三四五六日'[isoWeekday(date) - 1]}，不在播放日内` };
  return null;
}

/** Is an entry's `when` active at instant `ms` in `timeZone`? Returns null when active, else why not. */
export function whenInactiveReason(when: When | undefined, ms: number, timeZone: string): Inactive | null {
  return when ? whenInactiveAt(when, wallClock(ms, timeZone)) : null;
}

function whenInactiveAt(when: When, wc: WallClock): Inactive | null {
  if (!when.windows) return dayCheck(when, wc.date);
  let dayReason: Inactive | null = null;
  for (const w of when.windows) {
    const s = parseHhMm(w.start);
    const e = parseHhMm(w.end);
    if (s < e) {
      if (wc.minutes >= s && wc.minutes < e) {
        const r = dayCheck(when, wc.date);
        if (!r) return null;
        dayReason ??= r;
      }
    } else {
      if (wc.minutes >= s) {
        const r = dayCheck(when, wc.date);
        if (!r) return null;
        dayReason ??= r;
      }
      if (wc.minutes < e) {
        const r = dayCheck(when, addDays(wc.date, -1));
        if (!r) return null;
        dayReason ??= r;
      }
    }
  }
  if (dayReason) return dayReason;
  const list = when.windows.map((w) => `${w.start}–${w.end}`).join('、');
  return { outcome: 'outsideWindow', message: `当前时间不在播放时段（${list}）内` };
}

/** Is the slide allowed on screen at `ms`? Null when yes, else the reason (times on the hall's clock). */
export function slideSkipReason(slide: Slide | undefined, ms: number, timeZone = 'Asia/Shanghai'): string | null {
  if (!slide) return '幻灯片不存在或已删除';
  if (slide.status !== 'approved') return '未审核通过';
  if (slide.validFrom && ms < Date.parse(slide.validFrom)) return `未到生效时间（${formatWallClock(Date.parse(slide.validFrom), timeZone)}）`;
  if (slide.validTo && ms >= Date.parse(slide.validTo)) return `已过期（${formatWallClock(Date.parse(slide.validTo), timeZone)}）`;
  return null;
}

interface Candidate {
  entry: Schedule;
  items: PlayItem[];
  specificity: number;
}

/** The time-independent part of a manifest, computed once per `resolve` and reused at every probe. */
interface Prepared {
  manifest: Manifest;
  slides: Map<string, Slide>;
  playlists: Map<string, Playlist>;
  entries: { entry: Schedule; targeted: boolean; specificity: number; playlist: Playlist | undefined }[];
}

function prepare(manifest: Manifest): Prepared {
  const playlists = new Map(manifest.playlists.map((p) => [p.id, p]));
  return {
    manifest,
    slides: new Map(manifest.slides.map((s) => [s.id, s])),
    playlists,
    entries: manifest.schedules.map((entry) => ({
      entry,
      targeted: targetsScreen(entry.target, manifest.screen),
      specificity: targetSpecificity(entry.target, manifest.screen),
      playlist: playlists.get(entry.playlistId),
    })),
  };
}

/** Who wins at `ms`; `trace` is filled only when given (probes for `nextChangeAt` skip the words). */
function evaluate(prep: Prepared, ms: number, wc: WallClock, trace?: TraceLine[]): Candidate[] {
  const live: Candidate[] = [];
  for (const { entry, targeted, specificity, playlist } of prep.entries) {
    const tag = trace && `排期「${entry.name}」`;
    if (!targeted) {
      trace?.push({ outcome: 'notTargeted', scheduleId: entry.id, message: `${tag}不面向本屏` });
      continue;
    }
    const inactive = entry.when ? whenInactiveAt(entry.when, wc) : null;
    if (inactive) {
      trace?.push({ ...inactive, scheduleId: entry.id, message: `${tag}：${inactive.message}` });
      continue;
    }
    if (!playlist) {
      trace?.push({ outcome: 'missingPlaylist', scheduleId: entry.id, message: `${tag}的播放列表不存在` });
      continue;
    }
    const items: PlayItem[] = [];
    for (const item of playlist.items) {
      const slide = prep.slides.get(item.slideId);
      const skip = slideSkipReason(slide, ms, prep.manifest.hall.timezone);
      if (skip) {
        const name = slide ? `「${slide.title}」` : item.slideId;
        trace?.push({ outcome: 'slideSkipped', scheduleId: entry.id, slideId: item.slideId, message: `${tag}：跳过幻灯片${name}：${skip}` });
        continue;
      }
      items.push({
        slideId: item.slideId,
        durationMs: item.durationMs ?? slide?.durationMs ?? DEFAULT_SLIDE_MS,
        scheduleId: entry.id,
        playlistId: playlist.id,
      });
    }
    if (items.length === 0) {
      trace?.push({ outcome: 'noPlayableSlides', scheduleId: entry.id, message: `${tag}没有可播放的幻灯片，已忽略` });
      continue;
    }
    live.push({ entry, items, specificity });
  }
  const top = Math.max(...live.map((c) => c.entry.priority));
  const winners = live
    .filter((c) => c.entry.priority === top)
    .sort(
      (a, b) =>
        b.specificity - a.specificity ||
        a.entry.createdAt.localeCompare(b.entry.createdAt) ||
        a.entry.id.localeCompare(b.entry.id),
    );
  if (trace)
    for (const c of live) {
      const tag = `排期「${c.entry.name}」`;
      if (c.entry.priority === top) trace.push({ outcome: 'playing', scheduleId: c.entry.id, message: `${tag}正在播放（优先级 ${top}）` });
      else
        trace.push({
          outcome: 'lowerPriority',
          scheduleId: c.entry.id,
          message: `${tag}优先级 ${c.entry.priority} 低于正在播放的 ${top}，未播放`,
        });
    }
  return winners;
}

function interleave(winners: Candidate[]): PlayItem[] {
  const out: PlayItem[] = [];
  const longest = Math.max(0, ...winners.map((w) => w.items.length));
  for (let i = 0; i < longest; i++) for (const w of winners) if (i < w.items.length) out.push(w.items[i]!);
  return out;
}

function signature(prep: Prepared, ms: number): string {
  const { items, layoutId } = answerAt(prep, ms);
  return `${layoutId ?? ''}|${items.map((i) => `${i.scheduleId}/${i.slideId}/${i.durationMs}`).join(',')}`;
}

/** Edges per `when` object, time zone and day range: entries are shared by many screens and probes. */
const edgeCache = new WeakMap<When, Map<string, number[]>>();

/** Instants in (fromMs, untilMs] at which an entry's `when` may switch: local midnights and window edges. */
export function whenEdges(when: When | undefined, timeZone: string, fromMs: number, untilMs: number): number[] {
  if (!when) return [];
  const first = addDays(wallClock(fromMs, timeZone).date, -1);
  const days = Math.ceil((untilMs - fromMs) / 86_400_000) + 2;
  let byRange = edgeCache.get(when);
  if (!byRange) edgeCache.set(when, (byRange = new Map()));
  const key = `${timeZone}|${first}|${days}`;
  let all = byRange.get(key);
  if (!all) {
    all = [];
    for (let i = 0; i <= days; i++) {
      const date = addDays(first, i);
      all.push(zonedInstant(date, 0, timeZone));
      for (const w of when.windows ?? []) {
        all.push(zonedInstant(date, parseHhMm(w.start), timeZone));
        all.push(zonedInstant(date, parseHhMm(w.end), timeZone));
      }
    }
    if (byRange.size > 16) byRange.clear();
    byRange.set(key, all);
  }
  return all.filter((t) => t > fromMs && t <= untilMs);
}

/** Instants at which some entry or slide may switch, in (ms, ms + HORIZON_MS]. */
function candidateInstants(manifest: Manifest, ms: number): number[] {
  const until = ms + HORIZON_MS;
  const out = new Set<number>();
  for (const entry of manifest.schedules) for (const t of whenEdges(entry.when, manifest.hall.timezone, ms, until)) out.add(t);
  for (const t of hoursEdges(areaHours(manifest), areaExceptions(manifest), manifest.hall.timezone, ms, until)) out.add(t);
  for (const s of manifest.slides) {
    if (s.validFrom) out.add(Date.parse(s.validFrom));
    if (s.validTo) out.add(Date.parse(s.validTo));
  }
  return [...out].filter((t) => t > ms && t <= until).sort((a, b) => a - b);
}

/** Business hours of the screen's area (areas without hours run 24 h). */
function areaHours(manifest: Manifest): AreaHours | undefined {
  return manifest.hall.hours?.[manifest.screen.area];
}

/** The exception days that apply to the screen's area: the hall's, else the district's, per date. */
const exceptionCache = new WeakMap<Manifest, ExceptionDay[]>();
function areaExceptions(manifest: Manifest): ExceptionDay[] {
  let out = exceptionCache.get(manifest);
  if (!out) {
    out = exceptionsForArea(effectiveExceptions(manifest.hall.exceptions, manifest.districtExceptions), manifest.screen.area, areaHours(manifest));
    exceptionCache.set(manifest, out);
  }
  return out;
}

/**
 * The default content a screen falls back to when no entry is active, in order: its own, its area's,
 * its hall's. The one definition of that order: the resolver, manifests and resolveMany all use it.
 */
export function defaultChain(hall: Hall, screen: Pick<Manifest['screen'], 'area' | 'defaultPlaylistId'>): { playlistId: string; whose: string }[] {
  const chain: [string | undefined, string][] = [
    [screen.defaultPlaylistId, '本屏'],
    [hall.areaDefaults?.[screen.area], '本区域'],
    [hall.defaultPlaylistId, '本营业厅'],
  ];
  return chain.flatMap(([playlistId, whose]) => (playlistId ? [{ playlistId, whose }] : []));
}

/** Approved, currently valid items of a playlist (default content, and zones with their own playlist). */
function playableItems(prep: Pick<Prepared, 'playlists' | 'slides'>, playlistId: string, ms: number): PlayItem[] {
  const playlist = prep.playlists.get(playlistId);
  if (!playlist) return [];
  return playlist.items.flatMap((item) => {
    const slide = prep.slides.get(item.slideId);
    if (slideSkipReason(slide, ms)) return [];
    return [{ slideId: item.slideId, durationMs: item.durationMs ?? slide?.durationMs ?? DEFAULT_SLIDE_MS, playlistId: playlist.id }];
  });
}

/**
 * What a zone fed by its own playlist plays at `ms`: the playlist's approved, valid items. The
 * manifest carries those playlists; validity edges are among `resolve`'s candidate instants only for
 * the main zone, so a zone player re-asks at each slide boundary.
 */
export function zonePlaylistItems(manifest: Pick<Manifest, 'playlists' | 'slides'>, playlistId: string, now: number): PlayItem[] {
  return playableItems(
    { playlists: new Map(manifest.playlists.map((p) => [p.id, p])), slides: new Map(manifest.slides.map((s) => [s.id, s])) },
    playlistId,
    now,
  );
}

interface Answer {
  items: PlayItem[];
  layoutId?: string;
}

/**
 * The whole answer at `ms`: standby outside the area's business hours; else the winning entries;
 * else the default content (screen, then area, then hall); else the built-in idle slide.
 */
function answerAt(prep: Prepared, ms: number, trace?: TraceLine[]): Answer {
  const { manifest } = prep;
  // One wall-clock reading per probe serves business hours and every entry.
  const wc = wallClock(ms, manifest.hall.timezone);
  const hours = areaHours(manifest);
  const exceptions = areaExceptions(manifest);
  if (hours || exceptions.length) {
    const state = openAtWallClock(hours, exceptions, wc.date, wc.minutes);
    if (!state.open) {
      trace?.push({ outcome: 'outsideHours', message: `${closedText(state, hours)}，显示${manifest.hall.standby === 'blank' ? '黑屏' : '待机画面'}` });
      return { items: [{ slideId: STANDBY_SLIDE_ID, durationMs: 60_000 }] };
    }
  }
  const own = manifest.screen.layoutId;
  const winners = evaluate(prep, ms, wc, trace);
  const items = interleave(winners);
  if (items.length > 0) return { items, layoutId: winners.find((w) => w.entry.layoutId)?.entry.layoutId ?? own };
  for (const { playlistId, whose } of defaultChain(manifest.hall, manifest.screen)) {
    const fallback = playableItems(prep, playlistId, ms);
    if (fallback.length > 0) {
      const name = prep.playlists.get(playlistId)?.name ?? playlistId;
      trace?.push({ outcome: 'default', message: `当前没有生效的排期，播放${whose}默认内容「${name}」` });
      return { items: fallback, layoutId: own };
    }
  }
  trace?.push({ outcome: 'idle', message: '当前没有生效的排期，也没有可播放的默认内容，播放待机画面（营业厅名称与时钟）' });
  return { items: [{ slideId: IDLE_SLIDE_ID, durationMs: 60_000 }], layoutId: own };
}

/** What `manifest.screen` plays at instant `now`, until when, and why. */
export function resolve(manifest: Manifest, now: number | Date): Resolution {
  const ms = typeof now === 'number' ? now : now.getTime();
  const prep = prepare(manifest);
  const trace: TraceLine[] = [];
  const { items, layoutId } = answerAt(prep, ms, trace);
  const current = signature(prep, ms);
  let next = ms + HORIZON_MS;
  for (const t of candidateInstants(manifest, ms)) {
    if (signature(prep, t) !== current) {
      next = t;
      break;
    }
  }
  return { items, ...(layoutId && { layoutId }), nextChangeAt: new Date(next).toISOString(), trace };
}

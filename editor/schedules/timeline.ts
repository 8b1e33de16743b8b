/**
 * 日程表: what one screen, or one area of a hall, plays over a week, drawn from the server's timeline
 * (the player's own resolver), so staff can see a schedule before screens show it. Clicking a bar asks
 * 为什么在播这个？ at that time (screens) or shows the segment (areas).
 */
import { AREA_LABELS, Area, type Hall, type Playlist, type Schedule, type Slide } from '../../content/model';
import { addDays } from '../../content/wall-clock';
import { api, type ScreenView, type TimelineResult, type TimelineSegment } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { button, card, loadError, loading, pageHeader } from '../ui/page';
import { openResolveDialog } from './resolve-dialog';
import { can } from '../access/roles';
import { openSegmentDialog } from './segment-dialog';
import { hallDayStart, hallToday, hallZone, rememberHalls, zoneLabel } from '../time/hall-time';
import { HallClock, timelineCalendar, timelineLegend } from './timeline-calendar';

const DAYS = 7;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

type TargetKind = 'screen' | 'area';
/** What the page is showing, resolved to a hall so dates can be read in its zone. */
type Target =
  | { kind: 'screen'; screen: ScreenView; hall: Hall | undefined; timeZone: string }
  | { kind: 'area'; hall: Hall; area: Area; timeZone: string };

export const timelineView: View = (root, ctx, _params, query) => {
  let screens: ScreenView[] = [];
  let halls: Hall[] = [];
  let slides: Slide[] = [];
  let schedules: Schedule[] = [];
  let playlists: Playlist[] = [];
  /** Default content is named by its playlist. */
  const playlistNames = (id: string) => playlists.find((p) => p.id === id)?.name;
  let kind: TargetKind = query.has('hall') || query.has('area') ? 'area' : 'screen';
  let seq = 0;
  const scheduleHref = can(ctx.user, 'content') ? (id: string) => `#/schedules/${encodeURIComponent(id)}` : undefined;

  const radios = (['screen', 'area'] as const).map((k) =>
    h('label', { class: 'radio' }, [
      h('input', {
        type: 'radio', name: 'timeline-target-kind', value: k, checked: k === kind, 'data-testid': `timeline-target-${k}`,
        onchange: () => { kind = k; showKind(); void load(); },
      }),
      k === 'screen' ? '单块屏幕' : '区域',
    ]),
  );
  const screenSel = h('select', { 'data-testid': 'timeline-screen', id: 'timeline-screen', onchange: () => void load() });
  const hallSel = h('select', { 'data-testid': 'timeline-hall', id: 'timeline-hall', onchange: () => void load() });
  const areaArg = Area.safeParse(query.get('area'));
  const areaSel = h('select', { 'data-testid': 'timeline-area', id: 'timeline-area', onchange: () => void load() },
    options(Object.entries(AREA_LABELS), areaArg.success ? areaArg.data : 'waiting'));
  const fromInput = h('input', { type: 'date', 'data-testid': 'timeline-from', id: 'timeline-from', onchange: () => void load() });
  const loadBtn = button('查看', 'timeline-load', () => void withBusy(loadBtn, () => load({ rethrow: true })), 'primary');
  const shift = (days: number) => {
    const t = target();
    const base = DATE_RE.test(fromInput.value) ? fromInput.value : t ? todayIn(t.timeZone) : '';
    if (!base) return;
    fromInput.value = days === 0 && t ? todayIn(t.timeZone) : addDays(base, days);
    void load();
  };

  const labelled = (text: string, control: HTMLElement) =>
    h('div', { class: 'field' }, [h('label', { for: control.id }, text), control]);
  const screenField = labelled('屏幕', screenSel);
  const areaFields = [labelled('营业厅', hallSel), labelled('区域', areaSel)];
  const caption = h('p', { class: 'muted tl-caption', 'data-testid': 'timeline-caption' });
  const legendHost = h('div');
  const calendarHost = h('div', { 'data-testid': 'timeline-calendar', 'data-state': 'loading' }, loading());

  mount(root, [
    pageHeader('日程表', '按营业厅时区显示未来 7 天每块屏幕或每个区域播放什么；点击色块查看当时的判断过程'),
    card(null, h('div', { class: 'tl-controls' }, [
      h('div', { class: 'field' }, [
        h('span', { class: 'label' }, '查看'),
        h('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': '查看对象', 'data-testid': 'timeline-target-kind' }, radios),
      ]),
      screenField,
      areaFields,
      labelled('开始日期', fromInput),
      h('div', { class: 'actions tl-actions' }, [
        button('‹ 上一周', 'timeline-prev', () => shift(-DAYS)),
        button('今天', 'timeline-today', () => shift(0)),
        button('下一周 ›', 'timeline-next', () => shift(DAYS)),
        loadBtn,
      ]),
    ])),
    card(null, [h('div', { class: 'tl-head' }, [caption, legendHost]), calendarHost]),
  ]);

  function showKind(): void {
    screenField.hidden = kind !== 'screen';
    for (const f of areaFields) f.hidden = kind !== 'area';
  }

  const todayIn = (timeZone: string): string => hallToday(timeZone);

  function target(): Target | undefined {
    if (kind === 'screen') {
      const screen = screens.find((s) => s.id === screenSel.value);
      if (!screen) return undefined;
      const hall = halls.find((x) => x.id === screen.hallId);
      return { kind, screen, hall, timeZone: hall?.timezone ?? hallZone(screen.hallId) };
    }
    const hall = halls.find((x) => x.id === hallSel.value);
    const area = Area.safeParse(areaSel.value);
    return hall && area.success ? { kind, hall, area: area.data, timeZone: hall.timezone } : undefined;
  }

  /** Keeps the address shareable without a hashchange (which would rebuild the page). */
  function syncUrl(t: Target, date: string): void {
    const q = t.kind === 'screen' ? new URLSearchParams({ screen: t.screen.id }) : new URLSearchParams({ hall: t.hall.id, area: t.area });
    q.set('from', date);
    history.replaceState(null, '', `#/timeline?${q}`);
  }

  function fillPickers(): void {
    const hallName = new Map(halls.map((x) => [x.id, x.name]));
    const keepScreen = screenSel.value || query.get('screen') || '';
    screenSel.replaceChildren(...halls.map((hall) => h('optgroup', { label: hall.name },
      screens.filter((s) => s.hallId === hall.id).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
        .map((s) => h('option', { value: s.id }, `${s.name} · ${AREA_LABELS[s.area]}`)))));
    // Screens of a hall this list does not know still get a row.
    const orphans = screens.filter((s) => !hallName.has(s.hallId));
    if (orphans.length) screenSel.append(...orphans.map((s) => h('option', { value: s.id }, s.name)));
    if (!screens.length) screenSel.append(h('option', { value: '' }, '还没有屏幕'));
    screenSel.value = screens.some((s) => s.id === keepScreen) ? keepScreen : (screenSel.querySelector('option')?.value ?? '');
    const keepHall = hallSel.value || query.get('hall') || screens.find((s) => s.id === screenSel.value)?.hallId || '';
    hallSel.replaceChildren(...options(halls.length ? halls.map((x): [string, string] => [x.id, x.name]) : [['', '还没有营业厅']]));
    hallSel.value = halls.some((x) => x.id === keepHall) ? keepHall : (halls[0]?.id ?? '');
  }

  function onBar(t: Target, result: TimelineResult, seg: TimelineSegment, barStart: Date): void {
    if (t.kind === 'screen') openResolveDialog(t.screen, slides, schedules, barStart);
    else openSegmentDialog(seg, new HallClock(result.timezone), scheduleHref, playlistNames);
  }

  function render(t: Target, date: string, result: TimelineResult): void {
    const clock = new HallClock(result.timezone);
    const [first] = clock.dayParts(date);
    const [last] = clock.dayParts(addDays(date, DAYS - 1));
    const who = t.kind === 'screen'
      ? `${t.screen.name}（${t.hall?.name ?? '—'} · ${AREA_LABELS[t.screen.area]}）`
      : `${t.hall.name} · ${AREA_LABELS[t.area]}（面向该区域或整个营业厅的排期）`;
    // Always said: the browser's zone is not evidence of the hall's.
    caption.textContent = `${who} · ${first} 至 ${last} · 时间为营业厅当地时间（${zoneLabel(result.timezone)}）`;
    mount(legendHost, timelineLegend(result, scheduleHref, playlistNames));
    mount(calendarHost, timelineCalendar({ result, fromDate: date, days: DAYS, playlistNames, onBar: (seg, at) => onBar(t, result, seg, at) }));
    calendarHost.dataset.state = 'ready';
  }

  /** Fetches and draws the current choice; `quiet` keeps the old drawing until the new one arrives. */
  async function load(opts: { quiet?: boolean; rethrow?: boolean } = {}): Promise<void> {
    const t = target();
    const my = ++seq;
    if (!t) {
      caption.textContent = '';
      legendHost.replaceChildren();
      calendarHost.dataset.state = 'empty';
      mount(calendarHost, h('p', { class: 'muted tl-empty-state' }, kind === 'screen' ? '请选择一块屏幕' : '请选择营业厅和区域'));
      return;
    }
    if (!DATE_RE.test(fromInput.value)) fromInput.value = todayIn(t.timeZone);
    const date = fromInput.value;
    syncUrl(t, date);
    if (!opts.quiet) {
      calendarHost.dataset.state = 'loading';
      mount(calendarHost, loading());
    }
    const from = new Date(hallDayStart(date, t.timeZone));
    try {
      const result = t.kind === 'screen'
        ? await api.screenTimeline(t.screen.id, from, DAYS)
        : await api.areaTimeline(t.hall.id, t.area, from, DAYS);
      if (my === seq && root.isConnected) render(t, date, result);
    } catch (err) {
      if (my !== seq) return;
      calendarHost.dataset.state = 'error';
      mount(calendarHost, loadError(errorText(err), () => void load()));
      if (opts.rethrow) throw err;
    }
  }

  async function loadLists(): Promise<void> {
    [screens, halls] = await Promise.all([api.listScreens(), api.listHalls()]);
    if (halls.length) rememberHalls(halls);
    // Names for the resolve dialog and default content; a role that may not read them still gets the calendar.
    [slides, schedules, playlists] = await Promise.all([
      api.listSlides().catch(() => []), api.listSchedules().catch(() => []), api.listPlaylists().catch(() => []),
    ]);
    fillPickers();
  }

  async function start(): Promise<void> {
    try {
      await loadLists();
    } catch (err) {
      calendarHost.dataset.state = 'error';
      mount(calendarHost, loadError(errorText(err), () => void start()));
      return;
    }
    const asked = query.get('screen');
    if (asked && !screens.some((s) => s.id === asked)) toast('要查看的屏幕不存在，可能已被删除', 'error');
    if (kind === 'screen' && !screens.length && halls.length) kind = 'area';
    for (const r of radios) {
      const input = r.querySelector('input')!;
      input.checked = input.value === kind;
    }
    showKind();
    const from = query.get('from');
    if (from && DATE_RE.test(from)) fromInput.value = from;
    await load();
  }

  showKind();
  void start();
  return ctx.live.onChanged(['schedules', 'playlists', 'slides', 'screens', 'halls'], () => {
    void loadLists().then(() => load({ quiet: true }), () => undefined);
  });
};

/**
 * 为什么在播这个？ — asks the server's resolver (the same code the player runs) what a screen plays at
 * an instant and shows its reasoning line by line, with names instead of ids.
 */
import type { Schedule, Slide } from '../../content/model';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID } from '../../content/schedule';
import { api, type ResolveResult, type ScreenView } from '../api';
import { openDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { errorText, withBusy } from '../ui/feedback';
import { TRACE_LABELS } from '../ui/labels';
import { badge, button } from '../ui/page';
import { hallZone, zoneLabel } from '../time/hall-time';
import { formatDateTime, formatDuration, fromLocalInput, toLocalInput } from '../time/time-format';

const TONE: Record<string, string> = {
  playing: 'green', default: 'green', lowerPriority: 'amber', idle: 'grey', outsideHours: 'blue', slideSkipped: 'amber', missingPlaylist: 'red', noPlayableSlides: 'red',
};

/**
 * Opens the dialog for `screen` at `at` (default now; staff can pick another time in `resolve-at`,
 * on the clock of the screen's hall); `slides` and `schedules` turn ids into names.
 */
export function openResolveDialog(
  screen: Pick<ScreenView, 'id' | 'name' | 'hallId'>, slides: readonly Slide[], schedules: readonly Schedule[], at0 = new Date(),
): void {
  // The resolver reads the hall's clock; so do the time typed here and every time shown.
  let zone = hallZone(screen.hallId);
  const slideName = (id?: string) =>
    id === IDLE_SLIDE_ID ? '空闲画面（营业厅名称与时钟）'
      : id === STANDBY_SLIDE_ID ? '待机画面（营业时间外）'
        : slides.find((s) => s.id === id)?.title ?? id ?? '';
  const scheduleName = (id?: string) => (id ? schedules.find((s) => s.id === id)?.name ?? id : '');
  const at = h('input', { type: 'datetime-local', 'data-testid': 'resolve-at', value: toLocalInput(at0.toISOString(), zone), 'aria-label': '查询时间' });
  const zoneNote = h('small', { class: 'muted', 'data-testid': 'resolve-zone' }, zoneLabel(zone));
  const out = h('div', { 'data-testid': 'resolve-trace', 'aria-live': 'polite' });

  const show = (r: ResolveResult) => {
    if (r.timezone && r.timezone !== zone) {
      // The server knows the hall better than a list loaded earlier: keep the asked instant, re-read it.
      const asked = fromLocalInput(at.value, zone);
      zone = r.timezone;
      at.value = toLocalInput(asked, zone);
      zoneNote.textContent = zoneLabel(zone);
    }
    const items = r.items.map((i, n) =>
      h('li', { 'data-testid': 'resolve-item', 'data-slide-id': i.slideId }, [
        h('span', { class: 'index' }, String(n + 1)),
        h('span', { class: 'item-title' }, slideName(i.slideId)),
        h('span', { class: 'muted' }, `${formatDuration(i.durationMs)}${i.scheduleId ? ` · 来自排期「${scheduleName(i.scheduleId)}」` : i.playlistId ? ' · 默认内容' : ''}`),
      ]),
    );
    const lines = r.trace.map((t) =>
      h('li', { 'data-testid': 'resolve-line', 'data-outcome': t.outcome }, [
        badge(TRACE_LABELS[t.outcome] ?? t.outcome, TONE[t.outcome] ?? 'grey'),
        // The resolver's messages already name the schedule and slide.
        h('span', {}, t.message),
      ]),
    );
    mount(out, [
      h('h3', {}, '播放内容（按顺序循环）'),
      h('ol', { class: 'resolve-items' }, items.length ? items : h('li', { class: 'muted' }, '无')),
      h('p', { class: 'muted' }, `此结果保持到 ${formatDateTime(r.nextChangeAt, zone)}（${zoneLabel(zone)}）`),
      h('h3', {}, '判断过程'),
      h('ul', { class: 'trace' }, lines),
    ]);
  };

  // The first answer is for the exact instant asked (a calendar bar may start mid-minute); later ones
  // for what staff typed, which has minute precision.
  let exact: Date | undefined = at0;
  const query = () => {
    const when = fromLocalInput(at.value, zone);
    const date = exact ?? (when ? new Date(when) : new Date());
    exact = undefined;
    mount(out, h('p', { class: 'muted' }, '正在计算…'));
    return api.resolveScreen(screen.id, Number.isNaN(date.getTime()) ? new Date() : date).then(show, (err) =>
      mount(out, h('p', { class: 'field-error' }, errorText(err))),
    );
  };
  const run = button('查询', 'resolve-run', () => void withBusy(run, query));
  openDialog(`为什么在播这个？ · ${screen.name}`, [
    h('div', { class: 'add-row' }, [h('label', {}, '时间'), at, zoneNote, run]),
    out,
  ], { testid: 'resolve-dialog', wide: true });
  void query();
}

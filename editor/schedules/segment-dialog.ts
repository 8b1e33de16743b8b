/**
 * The details of one calendar segment, for an area: there is no single screen to ask the resolver
 * about, so the segment itself (entries, slides in loop order) is the answer.
 */
import type { TimelineSegment } from '../api';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { scheduleColour } from './schedule-colour';
import { defaultContentLabel, segmentKind, type HallClock, type PlaylistNames } from './timeline-calendar';
import { formatDuration } from '../time/time-format';

/** Opens `timeline-segment-dialog`; `href` links an entry to its edit page when the user may open it. */
export function openSegmentDialog(
  seg: TimelineSegment, clock: HallClock, href?: (scheduleId: string) => string | undefined, names?: PlaylistNames,
): void {
  const name = (id?: string) => seg.schedules.find((s) => s.id === id)?.name ?? id ?? '';
  const entries = seg.schedules.map((s) => {
    const link = href?.(s.id);
    return h('li', { 'data-schedule-id': s.id }, [
      h('span', { class: 'tl-swatch', style: `background: ${scheduleColour(s.id)}` }),
      link ? h('a', { href: link }, s.name) : s.name,
    ]);
  });
  const items = seg.items.map((i, n) =>
    h('li', { 'data-testid': 'timeline-segment-item', 'data-slide-id': i.slideId }, [
      h('span', { class: 'index' }, String(n + 1)),
      h('span', { class: 'item-title' }, i.title),
      h('span', { class: 'muted' }, `${formatDuration(i.durationMs)}${i.scheduleId ? ` · 来自排期「${name(i.scheduleId)}」` : ''}`),
    ]),
  );
  openDialog(`这段时间播放什么 · ${clock.range(Date.parse(seg.start), Date.parse(seg.end))}`, [
    h('p', { class: 'muted' }, `时间为营业厅时区 ${clock.timeZone}`),
    h('h3', {}, '排期'),
    {
      idle: () => h('p', {}, '没有排期投放到这里，也没有默认内容：屏幕显示待机画面（营业厅名称与时钟）'),
      standby: () => h('p', {}, '营业时间以外：屏幕待机（调暗显示营业厅名称与时钟，或黑屏，见系统设置），排期和默认内容都不播放'),
      default: () => h('p', { 'data-testid': 'timeline-segment-default' }, `没有生效的排期：播放${defaultContentLabel(seg, names)}（区域或营业厅的默认内容）`),
      scheduled: () => h('ul', { class: 'tl-entry-list' }, entries),
    }[segmentKind(seg)](),
    h('h3', {}, '播放内容（按顺序循环）'),
    h('ol', { class: 'resolve-items' }, items.length ? items : h('li', { class: 'muted' }, '无')),
    h('p', { class: 'muted' }, '这是区域的总体安排；单块屏幕还可能有只投放给它的排期，请从屏幕的日程表查看。'),
  ], { testid: 'timeline-segment-dialog', wide: true });
}

/** 排期: which playlist plays where and when, highest priority first. */
import type { Hall, Playlist, Schedule, When } from '../../content/model';
import { api, type ScreenView } from '../api';
import type { View } from '../context';
import { confirmDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { WEEKDAY_LABELS } from '../ui/labels';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { textMatches } from '../slides/slide-filter';
import { describeTarget } from '../ui/target-picker';
import { searchBox } from '../ui/search-box';
import { lockNote, scheduleLock } from '../access/content-lock';

/** "始终" or "2026-12-01 起 · 周一至周五 · 08:30–17:30 · 例外 2 天". */
export function describeWhen(when: When | undefined): string {
  if (!when) return '始终';
  const parts: string[] = [];
  if (when.from || when.until) parts.push(`${when.from ?? '即日'} 至 ${when.until ?? '长期'}`);
  if (when.days && when.days.length < 7) parts.push(`周${[...when.days].sort((a, b) => a - b).map((d) => WEEKDAY_LABELS[d - 1]).join('、')}`);
  if (when.windows?.length) parts.push(when.windows.map((w) => `${w.start}–${w.end}${w.end < w.start ? '（次日）' : ''}`).join('，'));
  if (when.except?.length) parts.push(`例外 ${when.except.length} 天`);
  return parts.join(' · ') || '始终';
}

export const schedulesView: View = (root, ctx) => {
  const body = h('div', {}, loading());
  let query = '';
  let last: Parameters<typeof render> | undefined;
  const search = searchBox('schedule-search', '搜索排期名称', (text) => {
    query = text;
    if (last) render(...last);
  });
  mount(root, [
    pageHeader('排期', '同一时刻优先级最高的排期播放；优先级相同的排期轮流播放', [
      button('新建排期', 'schedule-new', () => ctx.go('#/schedules/new'), 'primary'),
    ]),
    h('div', { class: 'list-filters' }, search),
    card(null, body),
  ]);

  function render(schedules: Schedule[], playlists: Playlist[], screens: ScreenView[], halls: Hall[]): void {
    last = [schedules, playlists, screens, halls];
    const sorted = schedules.filter((s) => textMatches(s.name, query)).sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name, 'zh-CN'));
    const rows = sorted.map((s) => {
      const playlist = playlists.find((p) => p.id === s.playlistId);
      const locked = scheduleLock(ctx.user, s.target, screens);
      const del = button('删除', 'schedule-delete', async () => {
        if (!(await confirmDialog(`删除排期「${s.name}」？相关屏幕会立即改播其他内容。`))) return;
        await withBusy(del, async () => {
          await api.deleteSchedule(s.id);
          toast('已删除');
          await reload();
        });
      }, 'danger-text');
      return h('tr', { 'data-testid': 'schedule-row', 'data-schedule-id': s.id }, [
        h('td', { class: 'title-cell' }, h('a', { href: `#/schedules/${encodeURIComponent(s.id)}` }, s.name)),
        h('td', {}, playlist ? h('a', { href: `#/playlists/${encodeURIComponent(playlist.id)}` }, playlist.name) : badge('播放列表已删除', 'red')),
        h('td', {}, describeTarget(s.target, screens, halls)),
        h('td', {}, describeWhen(s.when)),
        h('td', { class: 'num' }, String(s.priority)),
        h('td', {}, h('div', { class: 'row-actions' }, locked
          ? [button('查看', 'schedule-view', () => ctx.go(`#/schedules/${encodeURIComponent(s.id)}`)), lockNote(locked)]
          : [button('编辑', 'schedule-edit', () => ctx.go(`#/schedules/${encodeURIComponent(s.id)}`)), del])),
      ]);
    });
    mount(body, table(['名称', '播放列表', '投放目标', '播放时间', '优先级', '操作'], rows, schedules.length ? '没有名称含此文字的排期' : '还没有排期：没有排期的屏幕显示营业厅名称和时钟', 'schedule-table'));
  }

  async function reload(): Promise<void> {
    try {
      const [schedules, playlists, screens, halls] = await Promise.all([
        api.listSchedules(), api.listPlaylists(), api.listScreens(), api.listHalls(),
      ]);
      render(schedules, playlists, screens, halls);
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  }

  void reload();
  return ctx.live.onChanged(['schedules', 'playlists', 'screens', 'halls'], () => void reload());
};

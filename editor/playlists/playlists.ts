/** 播放列表: the list of playlists, with item counts, total loop time and where they are scheduled. */
import { DEFAULT_SLIDE_MS, type Playlist, type Schedule, type Slide } from '../../content/model';
import { api } from '../api';
import type { View } from '../context';
import { confirmDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { playlistCopyInput } from '../slides/duplicate';
import { textMatches } from '../slides/slide-filter';
import { formatDateTime, formatDuration } from '../time/time-format';
import { searchBox } from '../ui/search-box';
import { contentLock, lockNote } from '../access/content-lock';

/** One loop of the playlist, counting per-item overrides and slide defaults. */
export function loopMs(playlist: Playlist, slides: ReadonlyMap<string, Slide>): number {
  return playlist.items.reduce((sum, i) => sum + (i.durationMs ?? slides.get(i.slideId)?.durationMs ?? DEFAULT_SLIDE_MS), 0);
}

export const playlistsView: View = (root, ctx) => {
  const body = h('div', {}, loading());
  let query = '';
  let last: Parameters<typeof render> | undefined;
  const search = searchBox('playlist-search', '搜索播放列表名称', (text) => {
    query = text;
    if (last) render(...last);
  });
  mount(root, [
    pageHeader('播放列表', '把幻灯片按顺序组成一轮播放，再通过排期投放到屏幕', [
      button('新建播放列表', 'playlist-new', () => ctx.go('#/playlists/new'), 'primary'),
    ]),
    h('div', { class: 'list-filters' }, search),
    card(null, body),
  ]);

  function render(playlists: Playlist[], slides: Slide[], schedules: Schedule[]): void {
    last = [playlists, slides, schedules];
    const byId = new Map(slides.map((s) => [s.id, s]));
    const rows = playlists.filter((p) => textMatches(p.name, query)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((p) => {
      const unapproved = p.items.filter((i) => byId.get(i.slideId)?.status !== 'approved').length;
      const usedBy = schedules.filter((s) => s.playlistId === p.id).map((s) => s.name);
      const locked = contentLock(ctx.user, p);
      const del = button('删除', 'playlist-delete', async () => {
        if (!(await confirmDialog(`删除播放列表「${p.name}」？`))) return;
        await withBusy(del, async () => {
          await api.deletePlaylist(p.id);
          toast('已删除');
          await reload();
        });
      }, 'danger-text');
      const copy = button('复制', 'playlist-duplicate', () => void withBusy(copy, async () => {
        const made = await api.createPlaylist(playlistCopyInput(p));
        toast(`已复制为「${made.name}」`);
        await reload();
      }));
      return h('tr', { 'data-testid': 'playlist-row', 'data-playlist-id': p.id }, [
        h('td', { class: 'title-cell' }, h('a', { href: `#/playlists/${encodeURIComponent(p.id)}` }, p.name)),
        h('td', {}, [
          `${p.items.length} 项`,
          unapproved > 0 && badge(`${unapproved} 项未通过审核`, 'amber', { title: '未通过审核的幻灯片不会上屏' }),
        ]),
        h('td', {}, formatDuration(loopMs(p, byId))),
        h('td', {}, usedBy.length ? usedBy.join('、') : h('span', { class: 'muted' }, '未排期')),
        h('td', { class: 'nowrap' }, formatDateTime(p.updatedAt)),
        h('td', {}, h('div', { class: 'row-actions' }, locked
          ? [button('查看', 'playlist-view', () => ctx.go(`#/playlists/${encodeURIComponent(p.id)}`)), copy, lockNote(locked)]
          : [button('编辑', 'playlist-edit', () => ctx.go(`#/playlists/${encodeURIComponent(p.id)}`)), copy, del])),
      ]);
    });
    mount(body, table(['名称', '内容', '一轮时长', '用于排期', '更新时间', '操作'], rows, playlists.length ? '没有名称含此文字的播放列表' : '还没有播放列表', 'playlist-table'));
  }

  async function reload(): Promise<void> {
    try {
      const [playlists, slides, schedules] = await Promise.all([api.listPlaylists(), api.listSlides(), api.listSchedules()]);
      render(playlists, slides, schedules);
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  }

  void reload();
  return ctx.live.onChanged(['playlists', 'slides', 'schedules'], () => void reload());
};

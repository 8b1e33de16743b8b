/**
 * 媒体库: images and videos as a grid of thumbnails, searchable by name and tag, with usage, tag
 * editing, delete, and upload with a progress bar. The server filters by `q` and `kind`; the same
 * filter runs here too, so an older server that ignores them still gives the right grid.
 */
import { api, type MediaView } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { filterMedia, type MediaKindFilter } from './media-filter';
import { mediaTile } from './media-tile';
import { mediaUpload } from './media-upload';
import { contentLock } from '../access/content-lock';
import { card, loadError, loading, pageHeader } from '../ui/page';

const SEARCH_DEBOUNCE_MS = 250;

export const mediaView: View = (root, ctx) => {
  const grid = h('div', { class: 'media-grid', 'data-testid': 'media-grid' }, loading());
  const search = h('input', { type: 'search', 'data-testid': 'media-search', placeholder: '按名称或标签搜索', 'aria-label': '搜索媒体' });
  const kind = h('select', { 'data-testid': 'media-kind', 'aria-label': '类型' }, options([['', '全部类型'], ['image', '图片'], ['video', '视频']], ''));
  const count = h('span', { class: 'muted', 'data-testid': 'media-count', 'aria-live': 'polite' });
  mount(root, [
    pageHeader('媒体库', '图片会自动生成适合各类屏幕的尺寸，视频会生成封面；相同文件只保存一份', mediaUpload(() => void reload())),
    card(null, [h('div', { class: 'toolbar media-toolbar' }, [search, kind, count]), grid]),
  ]);

  let seq = 0;
  async function reload(): Promise<void> {
    const mine = ++seq;
    const q = search.value.trim();
    const k = kind.value as MediaKindFilter;
    try {
      const found: MediaView[] = filterMedia(await api.searchMedia(q, k), q, k);
      if (mine !== seq) return; // a newer search already answered or is on its way
      found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      count.textContent = q || k ? `找到 ${found.length} 个文件` : `共 ${found.length} 个文件`;
      const empty = q || k ? '没有符合条件的文件' : '还没有媒体文件，点击右上角「上传文件」';
      mount(grid, found.length ? found.map((m) => mediaTile(m, () => void reload(), contentLock(ctx.user, m))) : h('p', { class: 'muted', 'data-testid': 'media-empty' }, empty));
    } catch (err) {
      if (mine === seq) mount(grid, loadError(errorText(err), () => void reload()));
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.oninput = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), SEARCH_DEBOUNCE_MS);
  };
  kind.onchange = () => void reload();

  void reload();
  // A tag being edited would be lost by a reload another user's upload triggers: wait until it is saved.
  const off = ctx.live.onChanged(['media', 'slides'], () => {
    if (!grid.querySelector('[data-testid="media-tags-input"]')) void reload();
  });
  return () => {
    clearTimeout(timer);
    off();
  };
};

/** 媒体库: uploaded images and videos with size and dimensions; upload with a progress bar. */
import type { Media } from '../../content/model';
import { api } from '../api';
import type { View } from '../context';
import { h, mount } from '../dom';
import { errorText } from '../feedback';
import { mediaUpload } from '../media-upload';
import { card, loadError, loading, pageHeader } from '../page';
import { formatDateTime } from '../time-format';

/** `1.2 MB`. */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export const mediaView: View = (root, ctx) => {
  const grid = h('div', { class: 'media-grid', 'data-testid': 'media-grid' }, loading());
  mount(root, [
    pageHeader('媒体库', '上传的图片会自动生成适合各类屏幕的尺寸；相同文件只保存一份', mediaUpload(() => void reload())),
    card(null, grid),
  ]);

  const tile = (m: Media) =>
    h('figure', { class: 'media-tile', 'data-testid': 'media-item', 'data-media-id': m.id }, [
      m.kind === 'image'
        ? h('img', { src: m.thumbnailUrl || m.url, alt: m.name, loading: 'lazy' })
        : h('video', { src: m.url, muted: true, preload: 'metadata', 'aria-label': m.name }),
      h('figcaption', {}, [
        h('span', { class: 'media-name', title: m.name }, m.name),
        h('span', { class: 'muted' }, `${m.kind === 'image' ? '图片' : '视频'} · ${m.width}×${m.height} · ${formatBytes(m.bytes)}`),
        h('span', { class: 'muted' }, formatDateTime(m.createdAt)),
      ]),
    ]);

  async function reload(): Promise<void> {
    try {
      const media = await api.listMedia();
      media.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      mount(grid, media.length ? media.map(tile) : h('p', { class: 'muted' }, '还没有媒体文件，点击右上角「上传文件」'));
    } catch (err) {
      mount(grid, loadError(errorText(err), () => void reload()));
    }
  }

  void reload();
  return ctx.live.onChanged(['media'], () => void reload());
};

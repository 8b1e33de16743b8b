/** Picks one image (image slides) or video (video slides) from the media library, or uploads one on the spot. */
import { api, type MediaView } from '../api';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { formatClock } from './media-filter';
import { mediaThumb } from './media-tile';
import { mediaUpload } from './media-upload';

export interface MediaPicker {
  el: HTMLElement;
  /** The chosen media id, or '' (the schema then says it is missing). */
  read(): string;
}

const ACCEPT = { image: 'image/png,image/jpeg,image/webp,image/gif,image/avif', video: 'video/mp4,video/webm' } as const;
const NOUN = { image: '图片', video: '视频' } as const;

/**
 * A grid of thumbnails of one kind; `selectedId` starts selected. `onPick` runs when staff choose a
 * file (not for the initial selection), e.g. so a video slide can take the video's length.
 */
export function mediaPicker(selectedId: string | undefined, kind: 'image' | 'video' = 'image', onPick?: (m: MediaView) => void): MediaPicker {
  let selected = selectedId ?? '';
  let items: MediaView[] = [];
  const grid = h('div', { class: 'media-grid picker', role: 'listbox', 'aria-label': NOUN[kind], 'data-testid': 'slide-media' }, h('p', { class: 'muted' }, '正在加载媒体库…'));

  const pick = (m: MediaView) => {
    selected = m.id;
    render();
    onPick?.(m);
  };
  const render = () => {
    if (!items.length) {
      mount(grid, h('p', { class: 'muted' }, `媒体库中还没有${NOUN[kind]}，请先上传`));
      return;
    }
    mount(grid, items.map((m) =>
      h('button', {
        type: 'button', role: 'option', class: `media-tile${m.id === selected ? ' selected' : ''}`,
        'aria-selected': String(m.id === selected), 'data-testid': 'media-tile', 'data-media-id': m.id, title: m.name,
        onclick: () => pick(m),
      }, [
        mediaThumb(m),
        h('span', { class: 'media-name' }, m.name),
        h('span', { class: 'muted' }, `${m.width}×${m.height}${m.durationMs ? ` · ${formatClock(m.durationMs)}` : ''}`),
      ]),
    ));
  };

  api.listMedia().then(
    (all) => {
      items = all.filter((m) => m.kind === kind).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      render();
    },
    (err) => mount(grid, h('p', { class: 'field-error' }, `媒体库加载失败：${errorText(err)}`)),
  );

  const upload = mediaUpload((m) => {
    if (m.kind !== kind) return;
    items = [m, ...items.filter((x) => x.id !== m.id)];
    pick(m);
  }, ACCEPT[kind]);

  return { el: h('div', { class: 'media-picker' }, [upload, grid]), read: () => selected };
}

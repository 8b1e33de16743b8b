/** Picks one image from the media library for an image slide, or uploads a new one on the spot. */
import type { Media } from '../content/model';
import { api } from './api';
import { h, mount } from './dom';
import { errorText } from './feedback';
import { mediaUpload } from './media-upload';

export interface MediaPicker {
  el: HTMLElement;
  /** The chosen media id, or '' (the schema then says it is missing). */
  read(): string;
}

/** A grid of image thumbnails; `selectedId` starts selected. */
export function mediaPicker(selectedId: string | undefined): MediaPicker {
  let selected = selectedId ?? '';
  let images: Media[] = [];
  const grid = h('div', { class: 'media-grid picker', role: 'listbox', 'aria-label': '图片', 'data-testid': 'slide-media' }, h('p', { class: 'muted' }, '正在加载媒体库…'));

  const render = () => {
    if (!images.length) {
      mount(grid, h('p', { class: 'muted' }, '媒体库中还没有图片，请先上传'));
      return;
    }
    mount(grid, images.map((m) =>
      h('button', {
        type: 'button', role: 'option', class: `media-tile${m.id === selected ? ' selected' : ''}`,
        'aria-selected': String(m.id === selected), 'data-testid': 'media-tile', 'data-media-id': m.id, title: m.name,
        onclick: () => {
          selected = m.id;
          render();
        },
      }, [
        h('img', { src: m.thumbnailUrl || m.url, alt: m.name, loading: 'lazy' }),
        h('span', { class: 'media-name' }, m.name),
        h('span', { class: 'muted' }, `${m.width}×${m.height}`),
      ]),
    ));
  };

  api.listMedia().then(
    (all) => {
      images = all.filter((m) => m.kind === 'image').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      render();
    },
    (err) => mount(grid, h('p', { class: 'field-error' }, `媒体库加载失败：${errorText(err)}`)),
  );

  const upload = mediaUpload((m) => {
    images = [m, ...images.filter((x) => x.id !== m.id)];
    selected = m.id;
    render();
  }, 'image/png,image/jpeg,image/webp,image/gif');

  return { el: h('div', { class: 'media-picker' }, [upload, grid]), read: () => selected };
}

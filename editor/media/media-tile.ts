/**
 * One tile of the media library: the picture (image thumbnail, video poster or a film icon with the
 * length), name, size, usage, tags (edited in place) and delete. A file still in use cannot be deleted:
 * the delete dialog names where it is used (`media/delete-media.ts`).
 */
import { api, type MediaView } from '../api';
import { h, mount } from '../ui/dom';
import { confirmDeleteMedia } from './delete-media';
import { toast, withBusy } from '../ui/feedback';
import { formatBytes, formatClock, parseTags, usageCount } from './media-filter';
import { badge, button } from '../ui/page';
import { lockNote } from '../access/content-lock';

/** The picture part of a tile, shared with the slide pickers. */
export function mediaThumb(m: MediaView): HTMLElement {
  if (m.kind === 'image') return h('img', { src: m.thumbnailUrl || m.url, alt: m.name, loading: 'lazy' });
  const length = m.durationMs ? h('span', { class: 'media-duration', 'data-testid': 'media-duration' }, formatClock(m.durationMs)) : null;
  const picture = m.posterUrl || (m.thumbnailUrl && m.thumbnailUrl !== m.url ? m.thumbnailUrl : '');
  return h('div', { class: 'media-thumb video' }, [
    picture
      ? h('img', { src: picture, alt: m.name, loading: 'lazy' })
      : h('div', { class: 'media-video-icon', 'aria-label': '视频' }, '▶'),
    length,
  ]);
}

/**
 * A library tile; `onChanged` reloads the grid after a delete or a tag change. With `locked` (why the
 * user may not change this file, `access/content-lock.ts`) tags are shown without 编辑 and there is no 删除.
 */
export function mediaTile(m: MediaView, onChanged: () => void, locked?: string): HTMLElement {
  const used = usageCount(m.usage);
  const usage = used === undefined
    ? null
    : used > 0
      ? badge(`${used} 处使用`, 'blue', { 'data-testid': 'media-usage', title: '被幻灯片引用，不能删除' })
      : badge('未使用', 'grey', { 'data-testid': 'media-usage' });

  const tagsBox = h('div', { class: 'media-tags', 'data-testid': 'media-tags' });
  const showTags = () => {
    mount(tagsBox, [
      ...(m.tags ?? []).map((t) => h('span', { class: 'tag', 'data-testid': 'media-tag' }, t)),
      !locked && button(m.tags?.length ? '编辑标签' : '添加标签', 'media-tags-edit', editTags, 'link'),
    ]);
  };
  const editTags = () => {
    const input = h('input', { type: 'text', 'data-testid': 'media-tags-input', value: (m.tags ?? []).join('，'), placeholder: '用逗号分隔', 'aria-label': '标签' });
    const save = button('保存', 'media-tags-save', () => {
      const tags = parseTags(input.value);
      const bad = tags.find((t) => t.length > 40);
      if (bad || tags.length > 32) {
        toast(bad ? `标签「${bad.slice(0, 10)}…」过长，至多 40 字` : '标签至多 32 个', 'error');
        return;
      }
      void withBusy(save, async () => {
        const updated = await api.updateMedia(m.id, { tags });
        m.tags = updated.tags ?? tags;
        toast('标签已保存');
        showTags();
      });
    }, 'primary');
    const cancel = button('取消', 'media-tags-cancel', showTags, 'ghost');
    input.onkeydown = (e) => {
      if (e.key === 'Enter') save.click();
      if (e.key === 'Escape') showTags();
    };
    mount(tagsBox, h('div', { class: 'media-tags-edit' }, [input, save, cancel]));
    input.focus();
  };
  showTags();

  const del = button('删除', 'media-delete', async () => {
    if (!(await confirmDeleteMedia(m))) return;
    await withBusy(del, async () => {
      await api.deleteMedia(m.id);
      toast(`已删除「${m.name}」`);
      onChanged();
    });
  }, 'danger-text');

  const kindText = m.kind === 'image' ? '图片' : `视频${m.durationMs ? ` ${formatClock(m.durationMs)}` : ''}`;
  return h('figure', { class: 'media-tile', 'data-testid': 'media-item', 'data-media-id': m.id, 'data-kind': m.kind }, [
    mediaThumb(m),
    h('figcaption', {}, [
      h('span', { class: 'media-name', title: m.name }, m.name),
      h('span', { class: 'muted' }, `${kindText} · ${m.width}×${m.height} · ${formatBytes(m.bytes)}`),
      h('span', { class: 'media-row' }, [usage, h('span', { class: 'spacer' }), locked ? null : del]),
      locked && lockNote(locked),
      tagsBox,
    ]),
  ]);
}

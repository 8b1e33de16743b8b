/**
 * 拖入图片或视频: files dropped here (or picked) go through the library's upload (the same size and
 * type checks before a byte is sent, the same poster for videos) and then become image/video slides
 * appended to this playlist in the order dropped (POST /api/slides/from-media), pending review as one batch.
 */
import type { Playlist, Slide } from '../../content/model';
import { api, type MediaView } from '../api';
import { addPoster, uploadLimits } from '../media/media-upload';
import { uploadMedia } from '../media/upload';
import { uploadProblem } from '../media/upload-check';
import { h } from '../ui/dom';
import { errorText, toast } from '../ui/feedback';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/avif,video/mp4,video/webm';

/** The drop zone; `onAdded` gets the new slides and the playlist as stored with them at its end. */
export function mediaDrop(playlistId: string, onAdded: (slides: Slide[], playlist: Playlist) => void): HTMLElement {
  const input = h('input', { type: 'file', accept: ACCEPT, multiple: true, class: 'visually-hidden', 'data-testid': 'media-drop-input', id: `drop-${Math.random().toString(36).slice(2)}` });
  const status = h('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'media-drop-status' });
  const zone = h('div', { class: 'media-drop', 'data-testid': 'media-drop' }, [
    h('p', {}, ['把图片或视频拖到这里，或 ', h('label', { for: input.id, class: 'link' }, '选择文件')]),
    h('p', { class: 'muted' }, '每个文件成为一张幻灯片，按顺序加到列表末尾，并一起提交审核'),
    input,
    status,
  ]);
  const take = async (files: File[]) => {
    if (!files.length) return;
    const limits = await uploadLimits();
    const uploaded: MediaView[] = [];
    for (const file of files) {
      const problem = uploadProblem(file, limits);
      if (problem) {
        toast(problem, 'error');
        continue;
      }
      status.textContent = `正在上传 ${file.name}…`;
      try {
        let media = await uploadMedia(file, (f) => (status.textContent = `正在上传 ${file.name}… ${Math.round(f * 100)}%`));
        if (media.kind === 'video' && !media.posterUrl) media = await addPoster(media, file);
        uploaded.push(media);
      } catch (err) {
        toast(`「${file.name}」上传失败：${errorText(err)}`, 'error');
      }
    }
    status.textContent = '';
    if (!uploaded.length) return;
    try {
      const { slides, playlist } = await api.slidesFromMedia({ playlistId, mediaIds: uploaded.map((m) => m.id) });
      toast(`已加入 ${slides.length} 张幻灯片，待审核`);
      onAdded(slides, playlist);
    } catch (err) {
      toast(`文件已上传到素材库，但未能加入列表：${errorText(err)}`, 'error');
    }
  };
  input.onchange = () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    void take(files);
  };
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    void take([...(e.dataTransfer?.files ?? [])]);
  });
  return zone;
}

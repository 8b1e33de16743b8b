/**
 * A file button with a progress bar; used by the media library and the image/video slide pickers.
 * After a video upload the browser takes a poster frame and sends it along (`media-poster.ts`), so
 * screens and the library have a picture of the video before it plays.
 */
import type { Media } from '../../content/model';
import { api, type MediaView } from '../api';
import { h } from '../ui/dom';
import { errorText, toast } from '../ui/feedback';
import { capturePoster } from './media-poster';
import { uploadMedia } from './upload';
import { DEFAULT_LIMITS, uploadProblem, type UploadLimits } from './upload-check';

let limitsPromise: Promise<UploadLimits> | undefined;
/** The server's limits, asked once per page (the defaults stand in if it cannot say). */
export function uploadLimits(): Promise<UploadLimits> {
  limitsPromise ??= api.mediaLimits().catch(() => {
    limitsPromise = undefined;
    return DEFAULT_LIMITS;
  });
  return limitsPromise;
}

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/avif,video/mp4,video/webm';

/** Returns the control; `onUploaded` runs for each stored file. `accept` narrows the picker. */
export function mediaUpload(onUploaded: (media: MediaView) => void, accept = ACCEPT): HTMLElement {
  const input = h('input', { type: 'file', accept, multiple: true, class: 'visually-hidden', 'data-testid': 'media-upload-input', id: `upload-${Math.random().toString(36).slice(2)}` });
  const label = h('label', { for: input.id, class: 'btn primary', 'data-testid': 'media-upload' }, '上传文件');
  const bar = h('progress', { max: 100, value: 0, 'data-testid': 'media-upload-progress', 'aria-label': '上传进度' });
  const status = h('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'media-upload-status' });
  const progress = h('div', { class: 'upload-progress', hidden: true }, [bar, status]);

  input.onchange = async () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    const limits = await uploadLimits();
    for (const file of files) {
      const problem = uploadProblem(file, limits);
      if (problem) {
        toast(problem, 'error');
        continue;
      }
      progress.hidden = false;
      label.classList.add('disabled');
      input.disabled = true;
      bar.value = 0;
      status.textContent = `正在上传 ${file.name}…`;
      try {
        let media: MediaView = await uploadMedia(file, (f) => {
          bar.value = Math.round(f * 100);
          status.textContent = f < 1 ? `正在上传 ${file.name}… ${Math.round(f * 100)}%` : '服务器处理中…';
        });
        if (media.kind === 'video' && !media.posterUrl) {
          status.textContent = '正在生成视频封面…';
          media = await addPoster(media, file);
        }
        toast(`已上传「${media.name || file.name}」`);
        onUploaded(media);
      } catch (err) {
        toast(`「${file.name}」上传失败：${errorText(err)}`, 'error');
      } finally {
        progress.hidden = true;
        label.classList.remove('disabled');
        input.disabled = false;
      }
    }
  };
  return h('div', { class: 'upload' }, [input, label, progress]);
}

/** The video with its poster; a failed poster is only a warning, the video itself is stored. */
export async function addPoster(media: MediaView, file: File): Promise<MediaView> {
  try {
    const { poster, durationMs } = await capturePoster(file);
    const updated = await api.uploadPoster(media.id, poster);
    // The browser's reading of the length stands in until the server probes it itself.
    return { ...media, ...updated, durationMs: updated.durationMs ?? media.durationMs ?? (durationMs || undefined) } satisfies Media;
  } catch (err) {
    toast(`视频已上传，但封面生成失败：${err instanceof Error ? err.message : String(err)}`, 'info');
    return media;
  }
}

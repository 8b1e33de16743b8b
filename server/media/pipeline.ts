/**
 * The media pipeline: a file already streamed to disk is checked by its bytes, hashed, and stored
 * content-addressed (`/media/<sha256>/…`), so a re-upload is stored once and a change gets a new URL.
 * Images are auto-rotated, stripped of metadata and turned into WebP renditions for the screen widths
 * in use (never upscaled) plus an editor thumbnail; videos are probed from their container.
 * Everything is built in a staging folder next to the upload and handed to the media store only when it
 * all worked, so a refused file leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Media, Screen } from '../../content/model';
import { HttpError } from '../http-error';
import { checkImage, imageInput, readHead, writeWebp } from './image-input';
import { mediaUrl, type MediaStore } from './media-store';
import { refusalFor, sniffMedia } from './sniff';
import { ProbeError, probeVideo } from './video-probe';

export { MAX_INPUT_PIXELS } from './image-input';
/** Widest rendition made, whatever the screens (4K). */
export const MAX_RENDITION_WIDTH = 3840;
export const THUMB_WIDTH = 320;
const RENDITION_QUALITY = 82;
const THUMB_QUALITY = 70;
/** Containers and codecs Chromium-based players decode everywhere. */
const PLAYABLE_CODECS: Record<'mp4' | 'webm', string[]> = { mp4: ['avc1', 'avc3'], webm: ['V_VP8', 'V_VP9', 'V_AV1'] };

export type StoredMedia = Omit<Media, 'id' | 'name' | 'createdAt' | 'tags'>;

/** The widths renditions are made for: each screen's long side (portrait kiosks show images rotated or cropped). */
export function renditionWidths(screens: readonly Pick<Screen, 'resolution'>[]): number[] {
  return [...new Set(screens.map((s) => Math.max(s.resolution.width, s.resolution.height)))];
}

/** The rendition widths an image `width` wide gets: the screen widths below it and its own (capped). */
export function renditionTargets(width: number, widths: readonly number[]): number[] {
  const full = Math.min(width, MAX_RENDITION_WIDTH);
  return [...new Set([...widths.filter((w) => w < full), full])].sort((a, b) => b - a);
}

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Refuses what is not an accepted media file, with words for staff. */
async function sniffUpload(file: string) {
  if ((await stat(file)).size === 0) throw new HttpError(400, 'empty_file', '文件是空的（0 字节），请重新选择文件');
  const head = await readHead(file);
  const sniffed = sniffMedia(head);
  if (!sniffed) throw new HttpError(415, 'unsupported_media', refusalFor(head));
  return sniffed;
}

export type IngestResult = { stored: StoredMedia } | { duplicateOf: string };

/**
 * Processes the upload at `tmpFile` (always moved or deleted); `widths` are the screen widths in use.
 * When `isKnown(sha256)` says the file is already stored, nothing is processed.
 */
export async function ingestMedia(
  tmpFile: string,
  media: MediaStore,
  widths: readonly number[],
  isKnown: (sha256: string) => boolean = () => false,
): Promise<IngestResult> {
  let staging: string | undefined;
  try {
    const sniffed = await sniffUpload(tmpFile);
    const sha = await sha256File(tmpFile);
    if (isKnown(sha)) return { duplicateOf: sha };
    staging = await mkdtemp(path.join(path.dirname(tmpFile), 'ingest-'));
    const url = (name: string) => mediaUrl(`${sha}/${name}`);
    const bytes = (await stat(tmpFile)).size;
    const original = `original.${sniffed.ext}`;
    let stored: StoredMedia;
    if (sniffed.kind === 'video') {
      const container = sniffed.ext === 'mp4' ? 'mp4' : 'webm';
      const probe = await probeVideo(tmpFile, container).catch((err: unknown) => {
        if (err instanceof ProbeError || err instanceof RangeError) throw new HttpError(422, 'corrupt_video', '视频文件已损坏或不完整，无法读取时长和画面尺寸，请重新导出后上传');
        throw err;
      });
      if (!PLAYABLE_CODECS[container].includes(probe.codec))
        throw new HttpError(415, 'unsupported_codec', `视频编码 ${probe.codec || '未知'} 在屏幕上无法播放：MP4 请用 H.264 编码，WebM 请用 VP8/VP9/AV1`);
      if (probe.width === 0 || probe.height === 0) throw new HttpError(422, 'corrupt_video', '视频缺少画面尺寸信息，请重新导出后上传');
      await rename(tmpFile, path.join(staging, original));
      stored = { kind: 'video', sha256: sha, mime: sniffed.mime, bytes, width: probe.width, height: probe.height, url: url(original), renditions: [], thumbnailUrl: '', ...(probe.durationMs !== undefined && { durationMs: probe.durationMs }) };
    } else {
      const { width, height } = await checkImage(tmpFile);
      const renditions: StoredMedia['renditions'] = [];
      for (const w of renditionTargets(width, widths)) {
        const name = `w${w}.webp`;
        const out = await writeWebp(imageInput(tmpFile).resize({ width: w, withoutEnlargement: true }), path.join(staging, name), RENDITION_QUALITY);
        renditions.push({ width: out.width, height: out.height, url: url(name), bytes: out.bytes, sha256: out.sha256 });
      }
      await writeWebp(imageInput(tmpFile).resize({ width: THUMB_WIDTH, withoutEnlargement: true }), path.join(staging, 'thumb.webp'), THUMB_QUALITY);
      await rename(tmpFile, path.join(staging, original));
      stored = { kind: 'image', sha256: sha, mime: sniffed.mime, bytes, width, height, url: url(original), renditions, thumbnailUrl: url('thumb.webp') };
    }
    // The same bytes uploaded twice at once: whoever got a record first owns the folder (and any poster
    // added since); this copy is dropped rather than replacing it.
    if (isKnown(sha)) return { duplicateOf: sha };
    // A folder without a record (left by a crash or a deleted record) is replaced whole.
    await media.putFolder(sha, staging);
    staging = undefined;
    return { stored };
  } finally {
    await rm(tmpFile, { force: true });
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A video's poster: the editor captures a frame in the browser (no ffmpeg on the server) and uploads
 * it; sharp turns it into a WebP poster (≤ 1920 wide) and an editor thumbnail. Both are named by the
 * hash of their bytes inside the video's folder, so a new poster gets a new URL.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../http-error';
import { checkImage, imageInput, readHead, writeWebp } from './image-input';
import { mediaUrl, type MediaStore } from './media-store';
import { THUMB_WIDTH } from './pipeline';
import { refusalFor, sniffMedia } from './sniff';

export const POSTER_WIDTH = 1920;

/** Makes the poster of the video stored under `<videoSha>` from the image at `tmpFile` (always deleted). */
export async function makePoster(tmpFile: string, media: MediaStore, videoSha: string): Promise<{ posterUrl: string; thumbnailUrl: string }> {
  const staging = await mkdtemp(path.join(path.dirname(tmpFile), 'poster-'));
  try {
    if ((await stat(tmpFile)).size === 0) throw new HttpError(400, 'empty_file', '封面图片是空的（0 字节），请重新选择');
    const head = await readHead(tmpFile);
    const sniffed = sniffMedia(head);
    if (!sniffed) throw new HttpError(415, 'unsupported_media', refusalFor(head));
    if (sniffed.kind !== 'image') throw new HttpError(415, 'not_an_image', '封面必须是图片（JPEG、PNG、WebP、AVIF 或 GIF）');
    await checkImage(tmpFile);
    const poster = await writeWebp(imageInput(tmpFile).resize({ width: POSTER_WIDTH, withoutEnlargement: true }), path.join(staging, 'poster.webp'), 82);
    const thumb = await writeWebp(imageInput(tmpFile).resize({ width: THUMB_WIDTH, withoutEnlargement: true }), path.join(staging, 'thumb.webp'), 70);
    const posterKey = `${videoSha}/poster-${poster.sha256.slice(0, 16)}.webp`;
    const thumbKey = `${videoSha}/thumb-${thumb.sha256.slice(0, 16)}.webp`;
    await media.putFile(posterKey, path.join(staging, 'poster.webp'));
    await media.putFile(thumbKey, path.join(staging, 'thumb.webp'));
    return { posterUrl: mediaUrl(posterKey), thumbnailUrl: mediaUrl(thumbKey) };
  } finally {
    await rm(tmpFile, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

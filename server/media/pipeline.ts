/**
 * The media pipeline: a file already streamed to disk is checked by its bytes, hashed, and stored
 * content-addressed (`/media/<sha256>/…`), so a re-upload is stored once and a change gets a new URL.
 * Images are auto-rotated, stripped of metadata and turned into WebP renditions for the screen widths
 * in use (never upscaled) plus an editor thumbnail; sharp's pixel limit refuses decompression bombs.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { HttpError } from '../http-error';
import { refusalFor, sniffMedia } from './sniff';

/** Largest image accepted, in pixels (≈ 8K × 5K). */
export const MAX_INPUT_PIXELS = 40_000_000;
const THUMB_WIDTH = 320;

export interface StoredMedia {
  kind: 'image' | 'video';
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  url: string;
  renditions: { width: number; height: number; url: string; bytes: number }[];
  thumbnailUrl: string;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readHead(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Processes the upload at `tmpFile` (moved or deleted); `widths` are the screen widths in use. */
export async function ingestMedia(tmpFile: string, mediaDir: string, widths: number[]): Promise<StoredMedia> {
  try {
    const sniffed = sniffMedia(await readHead(tmpFile));
    if (!sniffed) throw new HttpError(415, 'unsupported_media', refusalFor(await readHead(tmpFile)));
    const sha = await sha256File(tmpFile);
    const dir = path.join(mediaDir, sha);
    const url = (name: string) => `/media/${sha}/${name}`;
    await mkdir(dir, { recursive: true });
    const bytes = (await stat(tmpFile)).size;
    const original = `original.${sniffed.ext}`;
    if (sniffed.kind === 'video') {
      await rename(tmpFile, path.join(dir, original));
      // NOTE: probing duration and a poster frame needs ffmpeg, which the media issue brings in.
      return { kind: 'video', sha256: sha, mime: sniffed.mime, bytes, width: 0, height: 0, url: url(original), renditions: [], thumbnailUrl: '' };
    }
    const input = () => sharp(tmpFile, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    let meta: Metadata;
    try {
      meta = await input().metadata();
      if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) throw new Error('pixel limit');
    } catch (err) {
      const msg = String((err as Error).message);
      if (/pixel limit/i.test(msg)) throw new HttpError(413, 'too_many_pixels', `图片像素过多（上限 ${MAX_INPUT_PIXELS / 1e6} 百万像素），请缩小后再上传`);
      throw new HttpError(422, 'corrupt_image', '图片文件已损坏或无法解码');
    }
    // EXIF orientation swaps the axes of the stored pixels.
    const swap = (meta.orientation ?? 1) >= 5;
    const width = swap ? meta.height! : meta.width!;
    const height = swap ? meta.width! : meta.height!;
    const renditions: StoredMedia['renditions'] = [];
    try {
      const targets = [...new Set([...widths.filter((w) => w < width), Math.min(width, 3840)])].sort((a, b) => b - a);
      for (const w of targets) {
        const name = `w${w}.webp`;
        const info = await input().rotate().resize({ width: w, withoutEnlargement: true }).webp({ quality: 82 }).toFile(path.join(dir, name));
        renditions.push({ width: info.width, height: info.height, url: url(name), bytes: info.size });
      }
      await input().rotate().resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 70 }).toFile(path.join(dir, 'thumb.webp'));
    } catch {
      throw new HttpError(422, 'unprocessable_image', '图片无法转换（文件可能已损坏），请换一个文件');
    }
    await rename(tmpFile, path.join(dir, original));
    return { kind: 'image', sha256: sha, mime: sniffed.mime, bytes, width, height, url: url(original), renditions, thumbnailUrl: url('thumb.webp') };
  } finally {
    await rm(tmpFile, { force: true });
  }
}

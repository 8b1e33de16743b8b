/**
 * Opening an uploaded image safely with sharp: the pixel limit refuses decompression bombs from the
 * header alone, `failOn: 'error'` refuses truncated or corrupt data, and every failure becomes a 4xx
 * that tells staff what to do.
 */
import { createHash } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { HttpError } from '../http-error';

/** Largest image accepted, in pixels (≈ 8K × 5K). */
export const MAX_INPUT_PIXELS = 40_000_000;

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function readHead(file: string, n = 512): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A fresh sharp pipeline over `file`, auto-rotated from EXIF (sharp drops metadata on output). */
export const imageInput = (file: string): Sharp => sharp(file, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();

/** The upright size of the image at `file`, or a 413/422 when it is too big or unreadable. */
export async function checkImage(file: string): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(file, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (w * h > MAX_INPUT_PIXELS) throw new Error('pixel limit');
    if (w === 0 || h === 0) throw new Error('no size');
    // EXIF orientations 5–8 swap the axes of the stored pixels.
    return (meta.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
  } catch (err) {
    if (/pixel limit/i.test(String((err as Error).message)))
      throw new HttpError(413, 'too_many_pixels', `图片像素过多（上限 ${MAX_INPUT_PIXELS / 1e6} 百万像素），请缩小后再上传`);
    throw new HttpError(422, 'corrupt_image', '图片文件已损坏或无法解码，请换一个文件');
  }
}

export interface WrittenWebp {
  width: number;
  height: number;
  bytes: number;
  sha256: string;
}

/** Encodes `pipeline` to WebP at `file` and returns its size and hash (for players to verify). */
export async function writeWebp(pipeline: Sharp, file: string, quality: number): Promise<WrittenWebp> {
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await pipeline.webp({ quality }).toBuffer({ resolveWithObject: true });
  } catch {
    throw new HttpError(422, 'corrupt_image', '图片数据不完整或已损坏，无法转换，请换一个文件');
  }
  await writeFile(file, out.data);
  return { width: out.info.width, height: out.info.height, bytes: out.data.length, sha256: createHash('sha256').update(out.data).digest('hex') };
}

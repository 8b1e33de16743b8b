/**
 * Screenshots players upload: decoded and re-encoded by sharp (so only real images are kept, and a
 * decompression bomb is refused by the pixel limit), stored as WebP with a ~480 px thumbnail under
 * `<root>/<screenId>/<ms>.webp` + `<ms>.thumb.webp`, plus `latest.webp`, where root is `DATA_DIR/screenshots`
 * or, in a cluster, `MEDIA_DIR/.screenshots` (every instance shows the same wall). Only the newest KEEP are
 * kept. Files, not the store: they are large and replaced all the time.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { HttpError } from './http-error';

/** Screenshots kept per screen. */
export const SCREENSHOTS_KEPT = 20;
/** Widest stored screenshot and thumbnail (px); never upscaled. */
const FULL_WIDTH = 1920;
export const THUMB_WIDTH = 480;
/** 8K is the largest screen we drive; anything past that is not a screenshot. */
const MAX_INPUT_PIXELS = 7680 * 4320;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHOT_FILE = /^(\d{13})(\.thumb)?\.webp$|^latest(\.thumb)?\.webp$/;

export interface Screenshot {
  at: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
}

/** The screenshots under folder `root` (AppContext.screenshotDir). */
export function createScreenshotFiles(root: string) {
  const dirOf = (screenId: string): string => {
    if (!SAFE_ID.test(screenId)) throw new HttpError(400, 'bad_screen_id', '屏幕编号含有不允许的字符');
    return path.join(root, screenId);
  };
  const urlOf = (screenId: string, file: string): string => `/api/screens/${screenId}/screenshots/${file}`;
  const shotOf = (screenId: string, ms: number, width = 0, height = 0): Screenshot => ({
    at: new Date(ms).toISOString(),
    url: urlOf(screenId, `${ms}.webp`),
    thumbUrl: urlOf(screenId, `${ms}.thumb.webp`),
    width,
    height,
  });
  const stamps = async (dir: string): Promise<number[]> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => /^(\d{13})\.webp$/.exec(n)?.[1] ?? []).map(Number).sort((a, b) => b - a);
  };
  /** Write-then-rename, so an editor never loads half a file; own temp names, as uploads may overlap. */
  const put = async (file: string, data: Buffer): Promise<void> => {
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };

  return {
    /** Decodes `image`, stores it and its thumbnail, prunes old ones. Refuses what is not an image (400). */
    async save(screenId: string, image: Buffer, at: number): Promise<Screenshot> {
      const dir = dirOf(screenId);
      let full: { data: Buffer; info: OutputInfo };
      let thumb: Buffer;
      try {
        // Decoded once; the thumbnail is made from the (already smaller) stored image.
        full = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
          .resize({ width: FULL_WIDTH, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
        thumb = await sharp(full.data).resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
      } catch (err) {
        const why = /pixel limit/i.test((err as Error).message) ? '图像尺寸过大' : '无法解码';
        throw new HttpError(400, 'bad_image', `截图${why}：请上传 PNG、WebP 或 JPEG 图像`);
      }
      await mkdir(dir, { recursive: true });
      await put(path.join(dir, `${at}.webp`), full.data);
      await put(path.join(dir, `${at}.thumb.webp`), thumb);
      await put(path.join(dir, 'latest.webp'), full.data);
      await put(path.join(dir, 'latest.thumb.webp'), thumb);
      const old = (await stamps(dir)).slice(SCREENSHOTS_KEPT);
      await Promise.all(old.flatMap((ms) => [`${ms}.webp`, `${ms}.thumb.webp`].map((f) => rm(path.join(dir, f), { force: true }))));
      return shotOf(screenId, at, full.info.width, full.info.height);
    },
    /** Newest first (width and height are 0: reading them back would decode every file). */
    async list(screenId: string): Promise<Screenshot[]> {
      return (await stamps(dirOf(screenId))).map((ms) => shotOf(screenId, ms));
    },
    /** The newest screenshot of every screen that has one (to restore statuses after a restart). */
    async latestAll(): Promise<Map<string, Screenshot>> {
      const out = new Map<string, Screenshot>();
      let ids: string[];
      try {
        ids = await readdir(root);
      } catch {
        return out;
      }
      for (const id of ids.filter((i) => SAFE_ID.test(i))) {
        const [ms] = await stamps(path.join(root, id));
        if (ms !== undefined) out.set(id, shotOf(id, ms));
      }
      return out;
    },
    /** The file for a screenshot URL's last segment, or undefined when the name is not one of ours. */
    fileOf(screenId: string, name: string): string | undefined {
      return SHOT_FILE.test(name) ? path.join(dirOf(screenId), name) : undefined;
    },
    async removeAll(screenId: string): Promise<void> {
      await rm(dirOf(screenId), { recursive: true, force: true });
    },
  };
}
export type ScreenshotFiles = ReturnType<typeof createScreenshotFiles>;

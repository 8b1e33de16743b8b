/**
 * Daily tidy-up of the media folder: renditions for widths no screen uses any more (unless a slide
 * points at them), posters that were replaced, and folders no media record owns. The store is
 * updated first, files are deleted after, so a crash in between leaves only harmless extra files.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Media } from '../../content/model';
import { slideFileUrls } from '../../content/slide-files';
import type { Store } from '../store/store';
import { renditionTargets, renditionWidths } from './pipeline';

/** Folders and posters younger than this may belong to an upload whose record is still being written. */
const ORPHAN_MIN_AGE_MS = 3_600_000;

export interface PruneResult {
  /** Rendition and poster files deleted. */
  files: string[];
  /** Whole folders deleted (no media record owns them). */
  dirs: string[];
}

const fileOf = (mediaDir: string, url: string): string => path.join(mediaDir, ...url.replace(/^\/media\//, '').split('/'));

/** Deletes rendition files no screen width and no slide needs, old posters, and orphan folders. */
export async function pruneRenditions(store: Store, mediaDir: string, now = Date.now()): Promise<PruneResult> {
  const widths = renditionWidths(store.list('screens'));
  const unused = (m: Media): Media['renditions'] => {
    const slideUrls = slideFileUrls(store.list('slides'));
    const keep = new Set(renditionTargets(m.width, widths));
    return m.renditions.filter((r) => !keep.has(r.width) && !slideUrls.has(r.url));
  };
  const dropped = await store.transact((tx) => {
    const urls: string[] = [];
    for (const m of tx.list('media')) {
      if (m.kind !== 'image') continue;
      const drop = new Set(unused(m).map((r) => r.url));
      if (drop.size === 0) continue;
      tx.replace('media', { ...m, renditions: m.renditions.filter((r) => !drop.has(r.url)) });
      urls.push(...drop);
    }
    return urls;
  });
  const files = dropped.map((u) => fileOf(mediaDir, u));

  const media = store.list('media');
  const slideUrls = slideFileUrls(store.list('slides'));
  for (const m of media) {
    if (m.kind !== 'video') continue;
    const current = new Set([m.posterUrl, m.thumbnailUrl, m.url]);
    const names = await readdir(path.join(mediaDir, m.sha256)).catch(() => [] as string[]);
    for (const n of names) {
      const url = `/media/${m.sha256}/${n}`;
      if (!/^(poster|thumb)-/.test(n) || current.has(url) || slideUrls.has(url)) continue;
      // `media` was read before this listing: a poster written since may not be recorded yet.
      const file = path.join(mediaDir, m.sha256, n);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs >= ORPHAN_MIN_AGE_MS) files.push(file);
    }
  }
  await Promise.all(files.map((f) => rm(f, { force: true })));

  const owned = new Set(media.map((m) => m.sha256));
  const dirs: string[] = [];
  for (const name of await readdir(mediaDir).catch(() => [] as string[])) {
    // Dot folders are not media (a cluster's uploads wait in MEDIA_DIR/.incoming).
    if (owned.has(name) || name.startsWith('.')) continue;
    const dir = path.join(mediaDir, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory() || now - info.mtimeMs < ORPHAN_MIN_AGE_MS) continue;
    await rm(dir, { recursive: true, force: true });
    dirs.push(dir);
  }
  return { files, dirs };
}

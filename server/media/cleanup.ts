/**
 * Daily tidy-up of the media folder: renditions for widths no screen uses any more (unless a slide
 * points at them), posters that were replaced, and folders no media record owns. The store is
 * updated first, files are deleted after, so a crash in between leaves only harmless extra files.
 */
import type { Media } from '../../content/model';
import { slideFileUrls } from '../../content/slide-files';
import type { Store } from '../store/store';
import { mediaKey, mediaUrl, type MediaStore } from './media-store';
import { renditionTargets, renditionWidths } from './pipeline';

/** Folders and posters younger than this may belong to an upload whose record is still being written. */
const ORPHAN_MIN_AGE_MS = 3_600_000;

export interface PruneResult {
  /** Rendition and poster files deleted (their keys, `<sha>/<name>`). */
  files: string[];
  /** Whole folders deleted (their sha: no media record owns them). */
  dirs: string[];
}

/** Deletes rendition files no screen width and no slide needs, old posters, and orphan folders. */
export async function pruneRenditions(store: Store, media: MediaStore, now = Date.now()): Promise<PruneResult> {
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
  const files = dropped.map(mediaKey);

  const records = store.list('media');
  const slideUrls = slideFileUrls(store.list('slides'));
  for (const m of records) {
    if (m.kind !== 'video') continue;
    const current = new Set([m.posterUrl, m.thumbnailUrl, m.url]);
    for (const name of await media.listFiles(m.sha256)) {
      const key = `${m.sha256}/${name}`;
      if (!/^(poster|thumb)-/.test(name) || current.has(mediaUrl(key)) || slideUrls.has(mediaUrl(key))) continue;
      // `records` was read before this listing: a poster written since may not be recorded yet.
      const info = await media.stat(key);
      if (info && now - info.modifiedMs >= ORPHAN_MIN_AGE_MS) files.push(key);
    }
  }
  await Promise.all(files.map((k) => media.remove(k)));

  const owned = new Set(records.map((m) => m.sha256));
  const dirs: string[] = [];
  for (const sha of await media.listFolders()) {
    if (owned.has(sha)) continue;
    const info = await media.stat(sha);
    if (!info || now - info.modifiedMs < ORPHAN_MIN_AGE_MS) continue;
    await media.remove(sha);
    dirs.push(sha);
  }
  return { files, dirs };
}

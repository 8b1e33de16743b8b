/**
 * The media store as a folder (DATA_DIR/media, or MEDIA_DIR shared by a cluster): `<root>/<sha>/<name>`.
 * A put is a rename, so it is atomic when the staging folder is on the same file system (config keeps a
 * cluster's uploads in MEDIA_DIR/.incoming for that); a reader sees a media's folder whole or not at all.
 * The folder is created 0700 (the server user's only); files get the process umask (0077 in main.ts).
 */
import express from 'express';
import type { Stats } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaEntry, MediaStore } from './media-store';

/** Stats `names` under `dir`, keeping those `want` accepts; an entry gone meanwhile is skipped. */
async function entries(dir: string, names: string[], want: (info: Stats) => boolean): Promise<MediaEntry[]> {
  const out: MediaEntry[] = [];
  for (const name of names) {
    const info = await stat(path.join(dir, name)).catch(() => undefined);
    if (info && want(info)) out.push({ name, modifiedMs: info.mtimeMs });
  }
  return out;
}

/** The media store over folder `root`. */
export function createFsMediaStore(root: string): MediaStore {
  const base = path.resolve(root);
  /** A key's path, refusing the folder itself and anything outside it (keys come from records, never from a request). */
  const pathOf = (key: string): string => {
    const file = path.join(base, ...key.split('/'));
    if (!file.startsWith(base + path.sep)) throw new Error(`[media] bad media key ${JSON.stringify(key)}`);
    return file;
  };
  return {
    async putFolder(sha, dir) {
      await mkdir(root, { recursive: true, mode: 0o700 });
      const target = pathOf(sha);
      // A folder without a record (left by a crash or a deleted record) is replaced whole.
      await rm(target, { recursive: true, force: true });
      await rename(dir, target);
    },
    async putFile(key, file) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(file, target);
    },
    async exists(key) {
      return (await stat(pathOf(key)).catch(() => undefined)) !== undefined;
    },
    async remove(key) {
      await rm(pathOf(key), { recursive: true, force: true });
    },
    async listFolders() {
      // Dot folders are not media (a cluster's uploads wait in MEDIA_DIR/.incoming).
      const names = (await readdir(root).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
      return entries(root, names, (info) => info.isDirectory());
    },
    async listFiles(sha) {
      const dir = pathOf(sha);
      return entries(dir, await readdir(dir).catch(() => [] as string[]), (info) => info.isFile());
    },
    serve() {
      return express.static(root, { immutable: true, maxAge: '365d', index: false });
    },
  };
}

/**
 * The media store as a folder (DATA_DIR/media, or MEDIA_DIR shared by a cluster): `<root>/<sha>/<name>`.
 * A put is a rename, so it is atomic when the staging folder is on the same file system (config keeps a
 * cluster's uploads in MEDIA_DIR/.incoming for that); a reader sees a media's folder whole or not at all.
 * The folder is created 0700 (the server user's only); files get the process umask (0077 in main.ts).
 */
import express from 'express';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaStore } from './media-store';

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
    async stat(key) {
      const info = await stat(pathOf(key)).catch(() => undefined);
      return info && { modifiedMs: info.mtimeMs };
    },
    async remove(key) {
      await rm(pathOf(key), { recursive: true, force: true });
    },
    async listFolders() {
      // Dot folders are not media (a cluster's uploads wait in MEDIA_DIR/.incoming). The entry types come
      // with the listing: no stat per folder (thousands of them, on NFS).
      const found = await readdir(root, { withFileTypes: true }).catch(() => []);
      return found.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
    },
    async listFiles(sha) {
      const found = await readdir(pathOf(sha), { withFileTypes: true }).catch(() => []);
      return found.filter((d) => d.isFile()).map((d) => d.name);
    },
    serve() {
      return express.static(root, { immutable: true, maxAge: '365d', index: false });
    },
  };
}

/**
 * Where finished media files live, behind one small interface so the shared folder (MEDIA_DIR, NFS) can
 * give way to an S3-compatible bucket without touching the pipeline, posters, cleanup or serving.
 *
 * Keys are content-addressed: `<sha256>` names a media's folder (the sha of the uploaded bytes) and
 * `<sha256>/<name>` one file in it (`original.jpg`, `w1920.webp`, `poster-<hash>.webp`, …). A key is the
 * URL path without its `/media/` prefix, so URLs never change whatever the store. Files are made in a
 * local staging folder (sharp and the video probe need local files) and handed over only when finished;
 * once in, a file never changes (new bytes get a new name).
 *
 * What an S3 adapter would do for each method:
 * - `putFolder`: PUT every file of the local folder as `<sha>/<name>` (multipart for large videos), then
 *   DELETE any other object under `<sha>/`, then remove the local folder. No rename exists, so the last PUT
 *   is what makes the set visible; callers already write the record only after `putFolder` returns.
 * - `putFile`: PUT the file as `<key>` and delete the local copy.
 * - `stat`: HEAD `<key>` (404 → undefined), `modifiedMs` from LastModified; for a folder, the newest
 *   LastModified listed under `<sha>/` (undefined when none).
 * - `remove`: DELETE `<key>`, plus every object listed under `<key>/` when the key is a folder.
 * - `listFolders` / `listFiles`: ListObjectsV2 with delimiter `/`: the common prefixes at the top, resp. the
 *   object names under `<sha>/`.
 * - `serve`: a handler for `/<sha>/<name>` that either answers 302 to a short-lived presigned GET URL
 *   (the bucket then does Range and caching; the presigned response carries `Cache-Control` set at PUT) or
 *   streams a GET, passing `Range` through and answering 206/416 and the same year-long immutable caching
 *   as the folder does. Whatever sets `Cache-Control` before it (staff-only originals: `private`) wins.
 */
import type { RequestHandler } from 'express';

export interface MediaStore {
  /** Moves the finished files of local folder `dir` in as `<sha>/<name>`, replacing whatever was under `sha`. */
  putFolder(sha: string, dir: string): Promise<void>;
  /** Moves the finished local `file` in as `key` (`<sha>/<name>`). */
  putFile(key: string, file: string): Promise<void>;
  /** Whether a file or folder is stored under `key`, and when it last changed (cleanup spares young ones). */
  stat(key: string): Promise<{ modifiedMs: number } | undefined>;
  /** Deletes the file at `key`, or a whole folder when `key` is a sha; nothing there is not an error. */
  remove(key: string): Promise<void>;
  /** The media folders (sha names); nothing else kept beside them (a cluster's `.incoming`) is listed. */
  listFolders(): Promise<string[]>;
  /** The file names in folder `sha` (none when it does not exist). */
  listFiles(sha: string): Promise<string[]>;
  /** Answers GET/HEAD `/<sha>/<name>` with Range support and year-long immutable caching; falls through when absent. */
  serve(): RequestHandler;
}

const MEDIA_URL_PREFIX = '/media/';

/** The URL screens load for `key`. */
export const mediaUrl = (key: string): string => MEDIA_URL_PREFIX + key;

/** The key of a `/media/…` URL. */
export const mediaKey = (url: string): string => (url.startsWith(MEDIA_URL_PREFIX) ? url.slice(MEDIA_URL_PREFIX.length) : url);

/**
 * Serves the built player and editor (dist/) in production: hashed assets for a year (immutable), the HTML pages
 * and the service worker re-checked on every visit (no-cache). Text files go out as the brotli or gzip copy made
 * at build time (server/static/precompress.ts) when the browser accepts it, with `Vary: Accept-Encoding` and the
 * Content-Type of the original.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { COMPRESSIBLE } from './precompress';
import { pageHeaders } from './security-headers';

/** A content coding we have copies for, with the file suffix the build wrote. */
export type Coding = 'br' | 'gzip';
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

/**
 * The codings worth trying for an `Accept-Encoding` header, best first: brotli before gzip whatever order the
 * browser lists them in (Chrome sends "gzip, deflate, br, zstd"), never one the header refuses with `q=0`.
 */
export function pickEncodings(header: string | undefined): Coding[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (c: string): boolean => (q.get(c) ?? q.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(accepts);
}

type Cache = 'immutable' | 'no-cache';

/** Sends `file` (absolute, inside dist), or its best precompressed copy; `next()` when it does not exist. */
async function sendBuilt(req: Request, res: Response, next: NextFunction, file: string, cache: Cache): Promise<void> {
  const exists = async (p: string): Promise<boolean> => (await stat(p).catch(() => undefined))?.isFile() ?? false;
  if (!(await exists(file))) return next();
  let sent = file;
  if (COMPRESSIBLE.test(file)) {
    // Caches must keep one copy per coding, even when this answer happens to be the plain file.
    res.vary('Accept-Encoding');
    for (const coding of pickEncodings(req.headers['accept-encoding'])) {
      if (await exists(file + SUFFIX[coding])) {
        sent = file + SUFFIX[coding];
        res.setHeader('Content-Encoding', coding);
        break;
      }
    }
  }
  // The type of what the bytes decode to, not of `.br` / `.gz`.
  res.type(path.extname(file));
  if (cache === 'no-cache') res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(sent, {
    cacheControl: cache === 'immutable',
    maxAge: cache === 'immutable' ? '365d' : 0,
    immutable: cache === 'immutable',
    // A byte range of a compressed copy is of little use to anyone; ranges stay for plain files.
    acceptRanges: sent === file,
    dotfiles: 'deny',
  });
}

/** One flat file name inside a folder: no separators, no dot-files, not a `.br`/`.gz` copy asked for directly. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.~-]*$/;
const isCopy = (name: string): boolean => /\.(br|gz)$/.test(name);

/** The router for `dist`: `/assets/*`, `/player/sw.js` and the two single-page apps. */
export function distFiles(dist: string): express.Router {
  const router = express.Router();
  router.get('/assets/:file', (req, res, next) => {
    const name = req.params.file as string;
    if (!SAFE_NAME.test(name) || isCopy(name)) return next();
    return sendBuilt(req, res, next, path.join(dist, 'assets', name), 'immutable');
  });
  // The player's service worker: a fixed name inside its scope, re-checked on every visit.
  router.get('/player/sw.js', (req, res, next) => sendBuilt(req, res, next, path.join(dist, 'player', 'sw.js'), 'no-cache'));
  for (const app of ['player', 'editor'] as const) {
    router.get([`/${app}`, `/${app}/`, `/${app}/{*rest}`], (req, res, next) => {
      pageHeaders(app, req, res);
      return sendBuilt(req, res, next, path.join(dist, app, 'index.html'), 'no-cache');
    });
  }
  return router;
}

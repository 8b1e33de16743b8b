/**
 * The media files of the current manifest in the Cache API. Each download is checked against its
 * sha256 before it is stored (a bad or truncated file never reaches the cache); files the new
 * manifest no longer needs are evicted; sizes are kept in a header so the total is cheap to add up.
 * Media URLs are content-addressed (`/media/<sha>/…`), so a cached file never goes stale.
 */
import type { AssetFailure, CacheAsset, CacheReport } from './messages';
import { SHELL } from './shell-cache';

export const MEDIA_CACHE = 'hs-media';
/** Downloads at once: enough to fill a hall's link, few enough not to starve the playing slide. */
const PARALLEL = 3;
/**
 * Each download sits in memory whole while its sha256 is checked: above this size files go one at
 * a time (three 200 MB videos at once would be 600 MB in the worker of a weak kiosk box).
 */
export const BIG_ASSET_BYTES = 32 * 2 ** 20;
const BYTES_HEADER = 'x-hs-bytes';

function absolute(url: string): string {
  return new URL(url, location.origin).href;
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Download, verify and store one file; returns the failure, if any. */
async function fetchInto(cache: Cache, asset: CacheAsset, url: string): Promise<AssetFailure | null> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch (err) {
    return { url: asset.url, reason: 'network', detail: String(err).slice(0, 120) };
  }
  if (!response.ok) return { url: asset.url, reason: 'http', detail: `HTTP ${response.status}` };
  const body = await response.arrayBuffer();
  if (asset.sha256) {
    const actual = await sha256Hex(body);
    if (actual !== asset.sha256) return { url: asset.url, reason: 'sha256', detail: `sha256 ${actual.slice(0, 12)}… ≠ ${asset.sha256.slice(0, 12)}…` };
  }
  const headers = new Headers({ 'content-type': response.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(body.byteLength), [BYTES_HEADER]: String(body.byteLength), 'accept-ranges': 'bytes' });
  await cache.put(url, new Response(body, { status: 200, headers }));
  return null;
}

async function totals(cache: Cache): Promise<{ assets: number; bytes: number }> {
  const keys = await cache.keys();
  let bytes = 0;
  for (const key of keys) bytes += Number((await cache.match(key))?.headers.get(BYTES_HEADER) ?? 0) || 0;
  return { assets: keys.length, bytes };
}

async function sync(assets: CacheAsset[]): Promise<CacheReport> {
  const cache = await caches.open(MEDIA_CACHE);
  const wanted = new Map(assets.map((a) => [absolute(a.url), a]));
  const have = new Set((await cache.keys()).map((r) => r.url));
  const missing = [...wanted].filter(([url]) => !have.has(url));
  const failed: AssetFailure[] = [];
  let fetched = 0;
  // Small first: they are most of the slides, and big ones queue behind each other anyway.
  const queue = missing.sort(([, a], [, b]) => (a.bytes ?? 0) - (b.bytes ?? 0));
  let bigTurn: Promise<unknown> = Promise.resolve();
  const download = (asset: CacheAsset, url: string): Promise<AssetFailure | null> => {
    if ((asset.bytes ?? 0) <= BIG_ASSET_BYTES) return fetchInto(cache, asset, url);
    const run = bigTurn.then(() => fetchInto(cache, asset, url));
    bigTurn = run.catch(() => undefined);
    return run;
  };
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const failure = await download(next[1], next[0]);
        if (failure) failed.push(failure);
        else fetched++;
      }
    }),
  );
  let evicted = 0;
  for (const url of have) {
    if (!wanted.has(url) && (await cache.delete(url))) evicted++;
  }
  return { ...(await totals(cache)), fetched, evicted, failed, shellVersion: SHELL.version };
}

let chain: Promise<unknown> = Promise.resolve();

/** Make the media cache hold exactly `assets`. Calls run one after another, never interleaved. */
export function syncAssets(assets: CacheAsset[]): Promise<CacheReport> {
  const run = chain.then(() => sync(assets));
  chain = run.catch(() => undefined);
  return run;
}

/** What is cached now (after any running sync). */
export function cacheInfo(): Promise<CacheReport> {
  const run = chain.then(async () => ({ ...(await totals(await caches.open(MEDIA_CACHE))), fetched: 0, evicted: 0, failed: [], shellVersion: SHELL.version }));
  chain = run.catch(() => undefined);
  return run;
}

/** Forget every media file and runtime asset, then fetch `assets` again (the `clearCache` command). */
export function clearAndRefetch(assets: CacheAsset[], runtimeCache: string): Promise<CacheReport> {
  const run = chain.then(async () => {
    await Promise.all([caches.delete(MEDIA_CACHE), caches.delete(runtimeCache)]);
    return sync(assets);
  });
  chain = run.catch(() => undefined);
  return run;
}

/** Cache first for media; byte ranges are cut from the cached file (video elements ask for ranges). */
export async function mediaCacheFirst(request: Request): Promise<Response> {
  const cached = await (await caches.open(MEDIA_CACHE)).match(request.url);
  if (!cached) return fetch(request);
  const range = request.headers.get('range');
  return range ? rangeOf(cached, range) : cached;
}

async function rangeOf(cached: Response, range: string): Promise<Response> {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (!m[1] && !m[2])) return cached;
  const blob = await cached.blob();
  const size = blob.size;
  let start: number;
  let end: number;
  if (!m[1]) {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  }
  if (start >= size || start > end) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { 'content-type': cached.headers.get('content-type') ?? 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1), 'accept-ranges': 'bytes' },
  });
}

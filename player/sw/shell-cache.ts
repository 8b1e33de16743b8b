/**
 * The player shell offline: the HTML and the hashed JS/CSS of this build (listed at build time) are
 * precached on install; other `/assets/` files fetched at run time (font slices, lazy chunks) are kept
 * in a bounded runtime cache. The HTML is network-first, so a healthy server always serves the
 * current player, and a reload while it is down boots from the cache.
 */

/** What the build writes into the worker (see player/sw/build-plugin.ts). */
export interface ShellManifest {
  version: string;
  urls: string[];
}

/** Replaced by the build with the JSON of the precache list; in dev it stays and nothing is precached. */
const SHELL_JSON = '__HALL_SIGNAGE_SHELL__';

export const SHELL: ShellManifest = ((): ShellManifest => {
  try {
    return JSON.parse(SHELL_JSON) as ShellManifest;
  } catch {
    return { version: 'dev', urls: [] };
  }
})();

export const SHELL_PREFIX = 'hs-shell-';
export const SHELL_CACHE = `${SHELL_PREFIX}${SHELL.version}`;
/** Font slices and lazily loaded chunks, kept across player versions (hashed names never change meaning). */
export const RUNTIME_CACHE = 'hs-runtime';
/** The page's HTML, whatever query string the screen was opened with. */
export const SHELL_HTML = '/player/';
/** Runtime entries kept at most: every font slice (≈ 400) plus room for lazy chunks. */
const RUNTIME_MAX = 800;
/** A server that accepts the connection but does not answer is as good as down for booting. */
const HTML_TIMEOUT_MS = 5000;

/**
 * Precache this build's shell (install). Hashed files already cached by an older shell or the
 * runtime cache are copied, not downloaded again: a new build re-fetches only what changed (the
 * ~5 MB of font slices stay). Any failure fails the install, and the old worker keeps serving.
 */
export async function precacheShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  await Promise.all(
    SHELL.urls.map(async (url) => {
      const known = url === SHELL_HTML ? undefined : await caches.match(url);
      if (known) return cache.put(url, known);
      const response = await fetch(new Request(url, { cache: 'reload' }));
      if (!response.ok) throw new Error(`precache ${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }),
  );
}

/** Drop the shells of older builds (activate). */
export async function dropOldShells(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(SHELL_PREFIX) && n !== SHELL_CACHE).map((n) => caches.delete(n)));
}

/** Network first with a timeout, the cached shell when the server is unreachable. */
export async function htmlNetworkFirst(request: Request): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HTML_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: abort.signal });
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put(SHELL_HTML, response.clone());
      return response;
    }
    return (await cachedHtml()) ?? response;
  } catch (err) {
    const cached = await cachedHtml();
    if (cached) return cached;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function cachedHtml(): Promise<Response | undefined> {
  const current = await (await caches.open(SHELL_CACHE)).match(SHELL_HTML);
  return current ?? (await caches.match(SHELL_HTML, { ignoreSearch: true }));
}

/** Hashed build files never change: any cache first, else the network (kept in the runtime cache). */
export async function assetCacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.status === 200) {
    const cache = await caches.open(RUNTIME_CACHE);
    await cache.put(request, response.clone());
    void trimRuntime(cache);
  }
  return response;
}

/** Keep the runtime cache bounded, oldest insertions first (keys() lists in insertion order). */
async function trimRuntime(cache: Cache): Promise<void> {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - RUNTIME_MAX))) await cache.delete(key);
}

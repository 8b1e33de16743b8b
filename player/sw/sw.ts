/**
 * The player's service worker (`/player/sw.js`, scope `/player/`): the shell from the precache, media
 * from the verified media cache, and a small request/reply channel for the page (sync the manifest's
 * assets, report the cache size, clear the cache). Everything else goes to the network untouched —
 * the API and the sockets must never be answered from a cache.
 */
import { clearAndRefetch, cacheInfo, mediaCacheFirst, syncAssets } from './media-cache';
import type { CacheReport, SwRequest } from './messages';
import { assetCacheFirst, dropOldShells, htmlNetworkFirst, precacheShell, RUNTIME_CACHE } from './shell-cache';
import { scope } from './sw-scope';

scope.addEventListener('install', (event) => {
  // A new build takes over at once: a signage screen has no user who could close its tabs.
  event.waitUntil(precacheShell().then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(dropOldShells().then(() => scope.clients.claim()));
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/player')) event.respondWith(htmlNetworkFirst(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(assetCacheFirst(request));
  else if (url.pathname.startsWith('/media/')) event.respondWith(mediaCacheFirst(request));
});

function answer(request: SwRequest): Promise<CacheReport> {
  switch (request.type) {
    case 'syncAssets':
      return syncAssets(request.assets);
    case 'cacheInfo':
      return cacheInfo();
    case 'clearCache':
      return clearAndRefetch(request.assets, RUNTIME_CACHE);
    default: {
      const unknown: never = request;
      return Promise.reject(new Error(`unknown request ${JSON.stringify(unknown)}`));
    }
  }
}

scope.addEventListener('message', (event) => {
  const port = event.ports[0];
  const request = event.data as SwRequest;
  if (!port || typeof request?.type !== 'string') return;
  event.waitUntil(
    answer(request).then(
      (report) => port.postMessage({ ok: true, report }),
      (err: unknown) => port.postMessage({ ok: false, error: String(err) }),
    ),
  );
});

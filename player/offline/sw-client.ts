/**
 * The page's side of the service worker: register it (production builds only; Vite's dev server has
 * no `/player/sw.js`), and ask it to sync, measure or clear the media cache over a MessageChannel.
 */
import type { CacheAsset, CacheReport, SwRequest } from '../sw/messages';

/** Long enough for a large video on a slow hall link; the sync goes on in the worker regardless. */
const SYNC_TIMEOUT_MS = 10 * 60_000;
const INFO_TIMEOUT_MS = 10_000;

/** The registered worker, or a stand-in that reports nothing where service workers are unavailable. */
export class ServiceWorkerClient {
  private constructor(private readonly registration: Promise<ServiceWorkerRegistration | null>) {}

  /** Register `/player/sw.js`; without support (http on a LAN name, dev) the player still plays online. */
  static register(enabled: boolean): ServiceWorkerClient {
    if (!enabled || !('serviceWorker' in navigator)) return new ServiceWorkerClient(Promise.resolve(null));
    const registration = navigator.serviceWorker
      .register('/player/sw.js', { scope: '/player/', updateViaCache: 'none' })
      .then(() => navigator.serviceWorker.ready)
      .catch((err: unknown) => {
        console.warn('[sw] cannot register the service worker; offline boot unavailable', err);
        return null;
      });
    return new ServiceWorkerClient(registration);
  }

  /** True when this page's requests go through the worker (after the first activation). */
  get controlled(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller;
  }

  syncAssets(assets: CacheAsset[]): Promise<CacheReport | null> {
    return this.request({ type: 'syncAssets', assets }, SYNC_TIMEOUT_MS);
  }

  cacheInfo(): Promise<CacheReport | null> {
    return this.request({ type: 'cacheInfo' }, INFO_TIMEOUT_MS);
  }

  clearCache(assets: CacheAsset[]): Promise<CacheReport | null> {
    return this.request({ type: 'clearCache', assets }, SYNC_TIMEOUT_MS);
  }

  private async request(request: SwRequest, timeoutMs: number): Promise<CacheReport | null> {
    const worker = (await this.registration)?.active;
    if (!worker) return null;
    const channel = new MessageChannel();
    return new Promise<CacheReport | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        channel.port1.close();
        reject(new Error(`service worker did not answer ${request.type} in ${timeoutMs} ms`));
      }, timeoutMs);
      channel.port1.onmessage = (event: MessageEvent<{ ok: boolean; report?: CacheReport; error?: string }>) => {
        clearTimeout(timer);
        channel.port1.close();
        if (event.data.ok && event.data.report) resolve(event.data.report);
        else reject(new Error(event.data.error ?? 'service worker request failed'));
      };
      worker.postMessage(request, [channel.port2]);
    });
  }
}

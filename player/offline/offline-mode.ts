/**
 * Offline-first glue on the page: keeps the service worker's media cache equal to the current
 * manifest's assets, warms the font slices its slides need (so an offline reload still has them),
 * knows the cache size for health, and drives the offline badge.
 */
import type { Manifest } from '../../content/protocol';
import type { CacheReport } from '../sw/messages';
import { loadGlyphs, textOf } from '../slides/font-loading';
import { OfflineBadge } from './offline-badge';
import type { ServiceWorkerClient } from './sw-client';

/** What a sync found worth telling the server (assets that could not be cached). */
export type CacheProblem = { code: 'asset_failed'; message: string };

export class OfflineMode {
  readonly badge = new OfflineBadge();
  private manifest: Manifest | null = null;
  private last: CacheReport | null = null;
  private syncing: Promise<void> = Promise.resolve();
  /**
   * Settles once the page goes through the worker. One for the page's life: a listener per manifest
   * would pile up (each holding its manifest) on a page that is never controlled.
   */
  private controlledOnce: Promise<void> | null = null;

  constructor(
    private readonly sw: ServiceWorkerClient,
    private readonly problem: (p: CacheProblem) => void,
  ) {}

  /** Media files cached and their bytes, as of the last answer of the worker. */
  get cache(): { assets: number; bytes: number; shellVersion: string } | null {
    return this.last && { assets: this.last.assets, bytes: this.last.bytes, shellVersion: this.last.shellVersion };
  }

  /** True once the page's requests go through the worker. */
  get controlled(): boolean {
    return this.sw.controlled;
  }

  manifestChanged(manifest: Manifest): void {
    this.manifest = manifest;
    this.badge.configure(manifest.screen);
    this.syncing = this.syncing.then(() => this.sync(manifest));
  }

  online(online: boolean): void {
    this.badge.setOnline(online);
  }

  /** The `clearCache` command: drop media and runtime files, then fetch the current assets again. */
  async clearCache(): Promise<string> {
    const report = await this.sw.clearCache(this.manifest?.assets ?? []);
    if (!report) throw new Error('此浏览器未启用离线缓存（Service Worker 不可用）');
    this.last = report;
    return `缓存已清除并重新下载 ${report.fetched} 个文件（${formatBytes(report.bytes)}）${report.failed.length ? `，${report.failed.length} 个失败` : ''}`;
  }

  private async sync(manifest: Manifest): Promise<void> {
    if (this.manifest !== manifest) return; // a newer one is queued behind
    try {
      const report = await this.sw.syncAssets(manifest.assets ?? []);
      if (!report) return;
      this.last = report;
      if (report.fetched || report.evicted) console.info(`[sw] cached ${report.fetched} new, evicted ${report.evicted}; ${report.assets} files, ${formatBytes(report.bytes)}`);
      if (report.failed.length > 0) {
        const first = report.failed.slice(0, 3).map((f) => `${f.url}（${f.detail}）`).join('；');
        this.problem({ code: 'asset_failed', message: `${report.failed.length} 个素材未能离线缓存：${first}` });
      }
      void this.warmFonts(manifest);
    } catch (err) {
      console.warn('[sw] asset sync failed', err);
    }
  }

  /** Fetch the font slices of every slide now, through the worker, so they are there offline (never awaited: a page that is never controlled must not stall syncs). */
  private async warmFonts(manifest: Manifest): Promise<void> {
    if (!this.sw.controlled) {
      this.controlledOnce ??= new Promise((resolve) => navigator.serviceWorker?.addEventListener('controllerchange', () => resolve(), { once: true }));
      await this.controlledOnce;
      // Every waiting call wakes at once: only the latest manifest's slides are worth fetching.
      if (manifest !== this.manifest) return;
    }
    await loadGlyphs(textOf(manifest.slides));
  }
}

export function formatBytes(n: number): string {
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

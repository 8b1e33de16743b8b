import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BIG_ASSET_BYTES, cacheInfo, syncAssets } from './media-cache';

/** Just enough of the Cache API, in memory. */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(key: string | Request): Promise<Response | undefined> {
    return this.entries.get(typeof key === 'string' ? key : key.url)?.clone();
  }
  async put(key: string, response: Response): Promise<void> {
    this.entries.set(key, response);
  }
  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}

const ORIGIN = 'http://screen.test';
const bytes = (s: string): ArrayBuffer => new TextEncoder().encode(s).buffer as ArrayBuffer;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('media cache sync', () => {
  let cache: MemoryCache;
  let served: Map<string, string>;
  let fetched: string[];

  beforeEach(() => {
    cache = new MemoryCache();
    served = new Map();
    fetched = [];
    vi.stubGlobal('location', { origin: ORIGIN });
    vi.stubGlobal('caches', { open: async () => cache });
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      const body = served.get(url);
      return body === undefined ? new Response('no', { status: 404 }) : new Response(bytes(body), { headers: { 'content-type': 'image/webp' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('stores files whose sha256 matches, refuses the others, and adds up the bytes', async () => {
    served.set(`${ORIGIN}/media/a/a.webp`, 'picture a');
    served.set(`${ORIGIN}/media/b/b.webp`, 'tampered');
    const report = await syncAssets([
      { url: '/media/a/a.webp', sha256: sha('picture a') },
      { url: '/media/b/b.webp', sha256: sha('picture b') },
      { url: '/media/c/c.webp' },
    ]);
    expect(report.fetched).toBe(1);
    expect(report.failed.map((f) => [f.url, f.reason]).sort()).toEqual([
      ['/media/b/b.webp', 'sha256'],
      ['/media/c/c.webp', 'http'],
    ]);
    expect([...cache.entries.keys()]).toEqual([`${ORIGIN}/media/a/a.webp`]);
    expect(report.bytes).toBe('picture a'.length);
  });

  it('downloads only what is missing and evicts what the new manifest no longer needs', async () => {
    served.set(`${ORIGIN}/media/a/a.webp`, 'picture a');
    served.set(`${ORIGIN}/media/d/d.webp`, 'picture d');
    await syncAssets([{ url: '/media/a/a.webp' }]);
    fetched = [];
    const report = await syncAssets([{ url: '/media/d/d.webp', sha256: sha('picture d') }]);
    expect(fetched).toEqual([`${ORIGIN}/media/d/d.webp`]);
    expect(report).toMatchObject({ fetched: 1, evicted: 1, assets: 1, bytes: 'picture d'.length });
    expect((await cacheInfo()).assets).toBe(1);
  });

  it('downloads big files one at a time, small ones alongside', async () => {
    const names = ['big1', 'big2', 'big3', 's1', 's2', 's3', 's4'];
    for (const n of names) served.set(`${ORIGIN}/media/${n}/${n}.mp4`, n);
    let big = 0;
    let maxBig = 0;
    let all = 0;
    let maxAll = 0;
    vi.stubGlobal('fetch', async (url: string) => {
      const isBig = url.includes('big');
      all++;
      if (isBig) big++;
      maxAll = Math.max(maxAll, all);
      maxBig = Math.max(maxBig, big);
      await new Promise((resolve) => setTimeout(resolve, 5));
      all--;
      if (isBig) big--;
      return new Response(bytes(served.get(url)!));
    });
    const report = await syncAssets(names.map((n) => ({ url: `/media/${n}/${n}.mp4`, bytes: n.startsWith('big') ? BIG_ASSET_BYTES + 1 : 1000 })));
    expect(report.fetched).toBe(names.length);
    expect(maxBig).toBe(1);
    expect(maxAll).toBeGreaterThan(1);
  });
});

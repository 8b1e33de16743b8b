/**
 * WebGL context loss without a reload: the player loses its context (WEBGL_lose_context), gets it
 * back a second later, and keeps changing slides on a canvas that is not blank — in the same page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { adminSession } from './api';
import { launchBrowser, regionStats } from './browser';

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
});
afterAll(async () => {
  await browser?.close();
});

async function post<T = { id: string }>(path: string, body: unknown): Promise<T> {
  const res = await api(path, { body });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function slidesSeen(page: Page, ms: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const id = await page.getByTestId('now-playing').getAttribute('data-slide-id');
    if (id) seen.add(id);
    await page.waitForTimeout(150);
  }
  return seen;
}

type LoseHost = { __lose?: { loseContext(): void; restoreContext(): void } };

describe('WebGL context loss', () => {
  it('keeps slides changing on a non-blank canvas after the context is lost and restored', async () => {
    const hall = ((await (await api('/api/halls')).json()) as { id: string }[])[0]!;
    const screen = await post<{ id: string; playerUrl: string }>('/api/screens', { name: '上下文丢失测试', hallId: hall.id, area: 'exhibition', kind: 'tv' });
    const ids: string[] = [];
    for (const title of ['上下文甲', '上下文乙']) {
      const s = await post('/api/slides', { type: 'notice', title, body: `${title}：画面恢复测试。`, durationMs: 1500 });
      await post(`/api/slides/${s.id}/approve`, {});
      ids.push(s.id);
    }
    const playlist = await post('/api/playlists', { name: '上下文轮播', items: ids.map((slideId) => ({ slideId })) });
    await post('/api/schedules', { name: '上下文测试', target: { screenIds: [screen.id] }, playlistId: playlist.id, priority: 10 });

    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const glLog: string[] = [];
    page.on('console', (m) => m.text().startsWith('[gl]') && glLog.push(m.text()));
    await page.goto(screen.playerUrl);
    await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });
    expect((await slidesSeen(page, 3500)).size).toBe(2);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const hadContext = await page.evaluate(() => {
      const canvas = document.querySelector('canvas')!;
      const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      (window as unknown as LoseHost).__lose = ext;
      ext.loseContext();
      return gl!.isContextLost();
    });
    expect(hadContext).toBe(true);
    await page.waitForTimeout(1000);
    await page.evaluate(() => (window as unknown as LoseHost).__lose!.restoreContext());

    await expect.poll(() => glLog.some((l) => l.includes('restored')), { timeout: 5000 }).toBe(true);
    const after = await slidesSeen(page, 4500);
    expect(after.size, 'slides keep changing after the restore').toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), 'no page reload').toBe(true);
    const stats = await regionStats(page);
    expect(stats.litRatio).toBeGreaterThan(0.3);
    expect(stats.distinctColours).toBeGreaterThan(8);
    // A new slide drawn after the restore shows too (textures and text rebuilt, not only the old frame).
    await page.waitForTimeout(1600);
    expect((await regionStats(page)).litRatio).toBeGreaterThan(0.3);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

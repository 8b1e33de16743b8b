/**
 * Scheduling works without the server: an entry whose window opens in a few seconds switches an open
 * player on time while the server is stopped — the player runs the shared resolver on its manifest.
 * The page runs on Playwright's clock, jumped to seconds before the window once the server is down,
 * so the test never waits for a real minute boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, regionStats } from './browser';
import { startServer, type ServerProcess } from './server-process';

let browser: Browser;
let server: ServerProcess;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ ADMIN_PASSWORD: 'offline-pass' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shanghaiHhMm = (ms: number): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('offline schedule switch', () => {
  it('switches to an entry exactly when its window opens, with the server stopped', async () => {
    const base = server.baseUrl;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'offline-pass' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as { id: string };
    };
    const screens = (await (await fetch(`${base}/api/screens`, { headers: { cookie } })).json()) as { id: string; area: string; playerUrl: string }[];
    const screen = screens.find((s) => s.area === 'exhibition')!;

    // Windows are whole minutes: the next boundary at least 10 s away (setup time); the page's clock jumps there.
    let opensAt = Math.ceil(Date.now() / 60_000) * 60_000;
    if (opensAt - Date.now() < 10_000) opensAt += 60_000;
    const slide = await post('/api/slides', { type: 'notice', title: '午间安全提示', body: '请勿在营业厅内吸烟。', durationMs: 30_000 });
    await post(`/api/slides/${slide.id}/approve`, {});
    const playlist = await post('/api/playlists', { name: '午间', items: [{ slideId: slide.id }] });
    await post('/api/schedules', {
      name: '整点插播',
      target: { screenIds: [screen.id] },
      playlistId: playlist.id,
      priority: 10,
      when: { windows: [{ start: shanghaiHhMm(opensAt), end: shanghaiHhMm(opensAt + 5 * 60_000) }] },
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // Real time flows until the jump; the welcome's clock sample thus sees no offset to correct.
    await page.clock.install();
    await page.goto(screen.playerUrl);
    const mirror = page.getByTestId('now-playing');
    await expect.poll(() => mirror.getAttribute('data-slide-id'), { timeout: 15_000 }).toBeTruthy();
    expect(await mirror.getAttribute('data-slide-id')).not.toBe(slide.id);
    // The page's own clock at the switch (the node side's clock no longer agrees with it after the jump).
    await page.evaluate((id) => {
      const w = window as unknown as { __switchedAt?: number };
      // The whole document: the mirror element may be replaced, not just re-labelled.
      new MutationObserver(() => {
        if (w.__switchedAt === undefined && document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') === id) w.__switchedAt = Date.now();
      }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-slide-id'] });
    }, slide.id);

    await server.stop({ keepData: true });
    expect((await fetch(`${base}/healthz`).catch(() => null))?.ok).not.toBe(true);
    // In jumps shorter than the frame-stall watchdog's 30 s (player/health.ts), each followed by frames,
    // or the player would reload itself as frozen.
    const pageNow = () => page.evaluate(() => Date.now());
    for (let t = await pageNow(); t < opensAt - 3000; t = await pageNow()) {
      await page.clock.pauseAt(Math.min(t + 20_000, opensAt - 3000));
      await page.clock.resume();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    expect(await mirror.getAttribute('data-slide-id'), 'switched before the window opened').not.toBe(slide.id);

    await expect.poll(() => mirror.getAttribute('data-slide-id'), { timeout: 10_000, interval: 50 }).toBe(slide.id);
    const lateMs = (await page.evaluate(() => (window as unknown as { __switchedAt: number }).__switchedAt)) - opensAt;
    console.log(`[e2e] switched ${lateMs} ms after the window opened (page clock), server down`);
    expect(lateMs).toBeGreaterThan(-300);
    expect(lateMs).toBeLessThan(1000);
    await page.waitForTimeout(1000);
    expect((await regionStats(page)).litRatio).toBeGreaterThan(0.3);
    await page.close();
  }, 60_000);
});

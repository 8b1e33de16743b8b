/**
 * Offline-first, end to end: a screen that lost its server keeps changing slides and shows the
 * offline badge; reloaded while the server is still down it boots from the service worker's cache
 * and plays; when the server comes back on the same port it reconnects, hides the badge and picks
 * up content changed after the restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type {} from './player-debug';
import { launchBrowser, regionStats } from './browser';
import { startServer, type ServerProcess } from './server-process';

const PASSWORD = 'offline-boot-pass';
let browser: Browser;
let server: ServerProcess;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ ADMIN_PASSWORD: PASSWORD });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function session(base: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const call = async <T = { id: string }>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const upload = async (name: string, bytes: Buffer): Promise<{ id: string }> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
    const res = await fetch(`${base}/api/media`, { method: 'POST', headers: { cookie }, body: form });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string };
  };
  return Object.assign(call, { upload });
}

async function approvedNotice(api: Awaited<ReturnType<typeof session>>, title: string): Promise<string> {
  const slide = await api('/api/slides', { type: 'notice', title, body: `${title}：离线播放测试。`, durationMs: 1500 });
  await api(`/api/slides/${slide.id}/approve`, {});
  return slide.id;
}

/** Slide ids the main zone shows within `ms` (sampled). */
async function slidesSeen(page: Page, ms: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const id = await page.getByTestId('now-playing').getAttribute('data-slide-id');
    if (id) seen.add(id);
    await page.waitForTimeout(200);
  }
  return seen;
}

describe('offline boot', () => {
  it('keeps playing without the server, boots from cache on reload, and reconnects to changed content', async () => {
    const base = server.baseUrl;
    const api = await session(base);
    const hall = (await api<{ id: string }[]>('/api/halls'))[0]!;
    const screen = await api<{ id: string; playerUrl: string }>('/api/screens', { name: '离线测试电视', hallId: hall.id, area: 'waiting', kind: 'tv' });
    const a = await approvedNotice(api, '离线甲');
    const b = await approvedNotice(api, '离线乙');
    // A demo picture too, so the media cache has something to verify and serve offline.
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#2a8c6e' } }).png().toBuffer();
    const media = await api.upload('离线测试图.png', png);
    const picture = await api('/api/slides', { type: 'image', title: '离线图片', mediaId: media.id, durationMs: 1500 });
    await api(`/api/slides/${picture.id}/approve`, {});
    const playlist = await api('/api/playlists', { name: '离线轮播', items: [{ slideId: a }, { slideId: picture.id }, { slideId: b }] });
    await api('/api/schedules', { name: '离线测试', target: { screenIds: [screen.id] }, playlistId: playlist.id, priority: 10 });

    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    page.on('pageerror', (err) => console.error('[player page error]', err.message));
    await page.goto(screen.playerUrl);
    // Controlled by the service worker, and the manifest's media verified and cached.
    await page.waitForFunction(() => window.__player?.offline.controlled && window.__player.offline.assets > 0, null, { timeout: 20_000 });
    const cache = await page.evaluate(() => window.__player!.offline);
    console.log(`[e2e] cache: ${cache.assets} media files, ${cache.bytes} bytes, shell ${cache.shellVersion}`);
    await server.stop({ keepData: true });
    const downAt = Date.now();
    await page.waitForFunction(() => window.__player?.status !== 'online', null, { timeout: 10_000 });
    console.log(`[e2e] player saw the server go after ${Date.now() - downAt} ms`);
    expect((await slidesSeen(page, 5000)).size, 'slides keep changing with the server down').toBe(3);
    await page.getByTestId('offline-badge').waitFor({ timeout: 15_000 });
    const badgeAfterS = (Date.now() - downAt) / 1000;
    console.log(`[e2e] offline badge after ${badgeAfterS.toFixed(1)} s`);
    expect(badgeAfterS).toBeGreaterThan(8);

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 15_000 });
    const seenOffline = await slidesSeen(page, 5000);
    expect(seenOffline.size, 'plays again after a reload with the server down').toBe(3);
    expect(seenOffline.has(picture.id), 'the picture comes from the media cache').toBe(true);
    expect((await regionStats(page)).litRatio).toBeGreaterThan(0.3);
    expect(await page.evaluate(() => window.__player!.status)).not.toBe('online');

    server = await startServer({ ADMIN_PASSWORD: PASSWORD }, { port: Number(new URL(base).port), dataDir: server.dataDir });
    const api2 = await session(base);
    const c = await approvedNotice(api2, '恢复后新内容');
    const playlist2 = await api2('/api/playlists', { name: '恢复后', items: [{ slideId: c }] });
    await api2('/api/schedules', { name: '恢复后插播', target: { screenIds: [screen.id] }, playlistId: playlist2.id, priority: 20 });
    const restartedAt = Date.now();
    await page.waitForFunction(() => window.__player?.status === 'online', null, { timeout: 20_000 });
    console.log(`[e2e] reconnected ${Date.now() - restartedAt} ms after the content change`);
    await expect.poll(() => page.getByTestId('now-playing').getAttribute('data-slide-id'), { timeout: 10_000 }).toBe(c);
    expect(await page.getByTestId('offline-badge').count()).toBe(0);
    // Proof of play recorded while offline (before and after the reload) arrived as late batches.
    const latePlays = (): number =>
      readdirSync(path.join(server.dataDir, 'logs'))
        .filter((f) => f.startsWith('play'))
        .flatMap((f) => readFileSync(path.join(server.dataDir, 'logs', f), 'utf8').split('\n'))
        .filter((l) => l.includes(screen.id) && l.includes('"late":true')).length;
    await expect.poll(latePlays, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    console.log(`[e2e] ${latePlays()} plays from the outage uploaded after reconnect`);
    await page.close();
  }, 90_000);
});

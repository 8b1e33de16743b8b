/**
 * Video slides: a playlist of two video slides (MP4/H.264 and WebM) loops on a real Chromium without
 * a black frame between items. The page is sampled many times a second across several transitions;
 * the next video is prepared (first frame decoded) before the current one leaves, so no sample may
 * be dark, and the mirror must name both slides in turn.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const SLIDE_MS = 2500;
const VIEW = { width: 640, height: 360 };

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function upload(name: string, type: string): Promise<string> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: inject('adminPassword') }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], { type }), name);
  const res = await fetch(`${baseUrl()}/api/media`, { method: 'POST', headers: { cookie }, body: form });
  return (await json<{ id: string }>(res)).id;
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
});
afterAll(async () => {
  await browser?.close();
});

describe('video slides', () => {
  it('loops two videos without a black frame between them', { timeout: 120_000 }, async () => {
    const hall = await json<{ id: string }>(await api('/api/halls', { body: { name: '视频测试营业厅' } }));
    const screen = await json<{ id: string; playerUrl: string }>(await api('/api/screens', { body: { name: '视频测试屏', hallId: hall.id, area: 'exhibition', kind: 'tv' } }));
    const media = [await upload('clip-a.mp4', 'video/mp4'), await upload('clip-b.webm', 'video/webm')];
    const slideIds: string[] = [];
    for (const [i, mediaId] of media.entries()) {
      const slide = await json<{ id: string; mediaUrl?: string }>(
        await api('/api/slides', { body: { type: 'video', title: `宣传视频 ${i + 1}`, mediaId, fit: 'cover', durationMs: SLIDE_MS, transition: i === 0 ? 'fade' : 'slide' } }),
      );
      expect(slide.mediaUrl, 'a stored video slide names its file').toBeTruthy();
      await json(await api(`/api/slides/${slide.id}/approve`, { body: {} }));
      slideIds.push(slide.id);
    }
    const playlist = await json<{ id: string }>(await api('/api/playlists', { body: { name: '视频循环', items: slideIds.map((slideId) => ({ slideId })) } }));
    await json(await api('/api/schedules', { body: { name: '视频循环', target: { screenIds: [screen.id] }, playlistId: playlist.id, priority: 60 } }));

    const page = await browser.newPage({ viewport: VIEW });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.text().includes('[slide:video]') && errors.push(m.text()));
    await page.goto(screen.playerUrl);
    await page.waitForFunction((ids) => ids.includes(document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') ?? ''), slideIds, { timeout: 30_000 });

    // Every composited frame (CDP screencast, downscaled) for three slide changes, and who plays.
    const cdp = await page.context().newCDPSession(page);
    const frames: { t: number; data: string }[] = [];
    const owners: { t: number; slideId: string | null }[] = [];
    const started = Date.now();
    cdp.on('Page.screencastFrame', (f: { data: string; sessionId: number }) => {
      frames.push({ t: Date.now() - started, data: f.data });
      void cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {});
    });
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 60, maxWidth: 160, maxHeight: 90, everyNthFrame: 1 });
    while (Date.now() - started < SLIDE_MS * 3.5) {
      owners.push({ t: Date.now() - started, slideId: await page.getByTestId('now-playing').getAttribute('data-slide-id') });
      await page.waitForTimeout(100);
    }
    await cdp.send('Page.stopScreencast');
    const lumas = await page.evaluate(async (list) => {
      const out: number[] = [];
      for (const b64 of list) {
        const img = new Image();
        img.src = `data:image/jpeg;base64,${b64}`;
        await img.decode();
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, img.width, img.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
        out.push(sum / (d.length / 4));
      }
      return out;
    }, frames.map((f) => f.data));
    const samples = owners;
    const seen = new Set(samples.map((s) => s.slideId));
    const changes = samples.filter((s, i) => i > 0 && s.slideId !== samples[i - 1]!.slideId).length;
    const darkest = Math.min(...lumas);
    const span = frames.length ? frames.at(-1)!.t - frames[0]!.t : 0;
    console.log(`[video] ${frames.length} frames over ${span} ms (${((frames.length * 1000) / Math.max(1, span)).toFixed(1)} fps), ${changes} slide changes, darkest mean luma ${darkest.toFixed(1)}`);
    expect(frames.length, 'the screencast delivered frames').toBeGreaterThan(10);
    expect(seen.has(slideIds[0]!) && seen.has(slideIds[1]!), 'both videos played').toBe(true);
    expect(changes).toBeGreaterThanOrEqual(2);
    expect(darkest, 'no black frame between the videos').toBeGreaterThan(20);
    expect(errors).toEqual([]);
    await page.close();
  });
});

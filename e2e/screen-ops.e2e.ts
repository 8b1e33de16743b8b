/**
 * Screen operations from the editor: the 屏幕墙 shows an open player live with what it plays; 识别屏幕
 * puts the identify overlay on that player; 截图 brings its thumbnail onto the card; a command to an
 * offline screen says so; a device is paired by its code (typed in lower case with a space, and by the
 * QR link) and collects its key; a paired device is revoked; 播放统计 draws a chart of real plays.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../content/protocol';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

type ScreenRow = { id: string; name: string; area: string; kind: string; hallId: string; playerUrl: string };

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;
let screens: ScreenRow[];

async function openEditor(hash = ''): Promise<Page> {
  const editor = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  editor.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await editor.goto(`${baseUrl()}/editor/${hash}`);
  await editor.getByTestId('login-username').fill('admin');
  await editor.getByTestId('login-password').fill(inject('adminPassword'));
  await editor.getByTestId('login-submit').click();
  await editor.getByTestId('current-user').waitFor();
  return editor;
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  screens = (await (await api('/api/screens')).json()) as ScreenRow[];
});
afterAll(async () => {
  await browser?.close();
});

describe('screen wall and remote commands', () => {
  it('shows an open player online with what it plays, identifies it, takes its screenshot, and refuses a command once it is offline', async () => {
    const target = screens.find((s) => s.kind === 'tv') ?? screens[0]!;
    const player = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    player.on('pageerror', (err) => console.error('[player page error]', err.message));
    await player.goto(target.playerUrl);
    await player.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });

    const editor = await openEditor('#/screens');
    const cardSel = `[data-testid="screen-card"][data-screen-id="${target.id}"]`;
    const card = editor.locator(cardSel);
    await expect.poll(() => card.getAttribute('data-online'), { timeout: 10_000 }).toBe('true');
    // Now playing comes with the first health report (or at least the slide id from hello).
    const playing = card.getByTestId('screen-card-playing');
    await expect.poll(async () => (await playing.textContent()) ?? '', { timeout: 40_000, interval: 500 }).toMatch(/^正在播放：(?!—).+/);
    console.log(`[e2e] wall card: ${await playing.textContent()} · ${await card.locator('.screen-stats').innerText().then((t) => t.replace(/\s+/g, ' '))}`);

    const state = card.getByTestId('screen-command-state');
    const sentAt = Date.now();
    await card.getByTestId('screen-command-identify').click();
    await player.locator('.identify, [data-testid="identify"]').first().waitFor({ state: 'visible', timeout: 5000 });
    const identifyMs = Date.now() - sentAt;
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 5000 }).toBe('done');
    console.log(`[e2e] 识别屏幕: overlay on the player after ${identifyMs} ms, editor says 「${await state.textContent()}」`);

    const thumb = card.getByTestId('screen-thumb');
    const shotAt = Date.now();
    await card.getByTestId('screen-command-screenshot').click();
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => !img.hidden && img.complete && img.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    const size = await thumb.evaluate((img: HTMLImageElement) => `${img.naturalWidth}×${img.naturalHeight}`);
    console.log(`[e2e] 截图: thumbnail ${size} on the card after ${Date.now() - shotAt} ms`);

    await player.close();
    await expect.poll(() => card.getAttribute('data-online'), { timeout: 10_000 }).toBe('false');
    await card.getByTestId('screen-command-identify').click();
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 5000 }).toBe('failed');
    expect(await state.textContent()).toContain('离线');
    await editor.close();
  });
});

describe('pairing', () => {
  const startPairing = async () => {
    const res = await fetch(`${baseUrl()}/api/pairing`, { method: 'POST' });
    expect(res.status).toBe(201);
    return (await res.json()) as { pairingId: string; code: string; secret: string };
  };
  const poll = async (p: { pairingId: string; secret: string }) =>
    (await (await fetch(`${baseUrl()}/api/pairing/${p.pairingId}?secret=${encodeURIComponent(p.secret)}`)).json()) as { status: string; screenId?: string; key?: string };

  it('pairs a device as a new screen from its code, adds a second by the QR link, and revokes one', async () => {
    const first = await startPairing();
    expect((await poll(first)).status).toBe('waiting');
    const editor = await openEditor('#/screens');
    await editor.getByTestId('pairing-open').click();
    const dialog = editor.getByTestId('pairing-dialog');
    // Staff type what they read: lower case, with a space in the middle.
    const typed = `${first.code.slice(0, 3).toLowerCase()} ${first.code.slice(3).toLowerCase()}`;
    await dialog.getByTestId('pairing-code').fill(typed);
    const name = `配对测试屏 ${Date.now() % 100000}`;
    await dialog.getByTestId('pairing-name').fill(name);
    await dialog.getByTestId('pairing-area').selectOption('selfService');
    await dialog.getByTestId('pairing-kind').selectOption('kiosk');
    await dialog.getByTestId('pairing-submit').click();
    const success = dialog.getByTestId('pairing-success');
    await success.waitFor({ timeout: 5000 });
    const screenId = (await success.getAttribute('data-screen-id'))!;
    const paired = await poll(first);
    expect(paired).toMatchObject({ status: 'paired', screenId });
    expect(paired.key).toBeTruthy();
    await dialog.getByTestId('pairing-done').click();
    // The new screen appears on the wall in its area.
    await editor.locator(`[data-testid="wall-area"][data-area="selfService"] [data-testid="screen-card"][data-screen-id="${screenId}"]`).waitFor({ timeout: 5000 });

    // The player's QR code opens the dialog with the code filled in.
    const second = await startPairing();
    await editor.goto(`${baseUrl()}/editor/#/screens/pair?code=${second.code}`);
    const dialog2 = editor.getByTestId('pairing-dialog');
    await expect.poll(() => dialog2.getByTestId('pairing-code').inputValue(), { timeout: 5000 }).toBe(second.code);
    await dialog2.getByTestId('pairing-mode-existing').check();
    await dialog2.getByTestId('pairing-screen').selectOption(screenId);
    await dialog2.getByTestId('pairing-submit').click();
    await dialog2.getByTestId('pairing-success').waitFor({ timeout: 5000 });
    expect(await poll(second)).toMatchObject({ status: 'paired', screenId });
    await dialog2.getByTestId('pairing-done').click();

    // A used code is refused with the server's words beside the field.
    await editor.getByTestId('pairing-open').click();
    const dialog3 = editor.getByTestId('pairing-dialog');
    await dialog3.getByTestId('pairing-code').fill(second.code);
    await dialog3.getByTestId('pairing-mode-existing').check();
    await dialog3.getByTestId('pairing-screen').selectOption(screenId);
    await dialog3.getByTestId('pairing-submit').click();
    const err = dialog3.locator('[data-error-for="code"]');
    await expect.poll(() => err.isVisible(), { timeout: 5000 }).toBe(true);
    console.log(`[e2e] used code refused: 「${await err.textContent()}」`);
    await dialog3.getByTestId('dialog-close').click();

    await editor.locator(`[data-testid="screen-card"][data-screen-id="${screenId}"]`).getByTestId('screen-detail-open').click();
    const detail = editor.getByTestId('screen-detail');
    await expect.poll(() => detail.getByTestId('device-row').count(), { timeout: 5000 }).toBe(2);
    await detail.getByTestId('device-revoke').first().click();
    await editor.getByTestId('confirm-ok').click();
    await expect.poll(() => detail.getByTestId('device-row').count(), { timeout: 5000 }).toBe(1);
    await editor.close();
  });
});

describe('proof of play', () => {
  it('draws plays per slide per day and exports the same range as CSV', async () => {
    const target = screens.find((s) => s.area === 'waiting') ?? screens[0]!;
    const slides = (await (await api('/api/slides')).json()) as { id: string; title: string; status: string }[];
    const [a, b] = slides.filter((s) => s.status === 'approved');
    // Proof of play counts only for slides of the screen's manifest: put both on the screen first.
    const list = (await (await api('/api/playlists', { body: { name: 'e2e 播放记录', items: [{ slideId: a!.id }, { slideId: b!.id }] } })).json()) as { id: string };
    expect((await api('/api/schedules', { body: { name: 'e2e 播放记录', target: { screenIds: [target.id] }, playlistId: list.id, priority: -10 } })).status).toBe(201);
    // A device that was offline uploads its queued plays as one batch after reconnecting.
    const key = new URL(target.playerUrl).searchParams.get('key')!;
    const ws = new WebSocket(`${baseUrl().replace(/^http/, 'ws')}/ws/player?screen=${encodeURIComponent(target.id)}&key=${encodeURIComponent(key)}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId: target.id, key, playerVersion: 'e2e' }));
    const now = Date.now();
    const items = [
      ...[1, 2, 3, 4].map((m) => ({ slideId: a!.id, startedAt: new Date(now - m * 60_000).toISOString(), durationMs: 10_000 })),
      ...[5, 6].map((m) => ({ slideId: b!.id, startedAt: new Date(now - m * 60_000).toISOString(), durationMs: 8000 })),
    ];
    ws.send(JSON.stringify({ type: 'playedBatch', items }));
    await new Promise((r) => setTimeout(r, 500));
    ws.close();

    const editor = await openEditor('#/reports');
    const row = editor.locator(`[data-testid="plays-row"][data-slide-id="${a!.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    const plays = Number(await row.locator('td').nth(1).textContent());
    expect(plays).toBeGreaterThanOrEqual(4);
    const canvas = editor.locator('[data-testid="plays-chart"] canvas').first();
    await canvas.waitFor({ timeout: 5000 });
    // The chart's canvas holds drawn lines, not only a blank white plane.
    const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return { w: c.width, h: c.height, ratio: n / (d.length / 4) };
    });
    console.log(`[e2e] plays chart ${inked.w}×${inked.h}, ${(inked.ratio * 100).toFixed(1)} % of pixels drawn; 「${a!.title}」 ${plays} plays`);
    expect(inked.w).toBeGreaterThan(300);
    expect(inked.ratio).toBeGreaterThan(0.002);

    const href = (await editor.getByTestId('plays-export').getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/reports\/plays\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    const csv = await (await api(href)).text();
    expect(csv.split(/\r?\n/).filter((l) => l.includes(a!.id)).length).toBeGreaterThanOrEqual(4);
    await editor.close();
  });
});

/**
 * Live queue calls on real screens: a waiting-area board takes a burst of ten calls in order and its
 * speaker never plays two announcements at once; a reload does not speak a call again; a counter's
 * LED strip shows only its own counter. The spec builds its own hall (board + strip) so calls from
 * other specs cannot interfere, and runs Chromium with the kiosk autoplay flag so sound may start
 * without a gesture, as on a hall's screens.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { adminSession, baseUrl, postCall } from './api';
import { changedFraction, launchBrowser, regionStats } from './browser';

type Api = Awaited<ReturnType<typeof adminSession>>;
type AudioEvent = { type: string; t: number; src: string };

let browser: Browser;
let api: Api;
let hallId: string;
let boardUrl: string;
let stripUrl: string;
const run = Date.now().toString(36);

/**
 * Installed before the player's own scripts: logs every media event (capture phase: media events do
 * not bubble) with a count of elements sounding at that instant, and every change of the call element.
 */
function recordAudio(): void {
  const w = window as unknown as { __audio: AudioEvent[]; __overlaps: number; __calls: string[] };
  w.__audio = [];
  w.__overlaps = 0;
  w.__calls = [];
  const sounding = new Set<EventTarget>();
  for (const type of ['play', 'playing', 'ended', 'pause', 'error', 'emptied']) {
    document.addEventListener(
      type,
      (e) => {
        const el = e.target as HTMLMediaElement;
        if (!(el instanceof HTMLMediaElement)) return;
        if (type === 'playing') {
          if (sounding.size > 0 && !sounding.has(el)) w.__overlaps++;
          if (window.speechSynthesis?.speaking) w.__overlaps++;
          sounding.add(el);
        } else if (type !== 'play') sounding.delete(el);
        w.__audio.push({ type, t: performance.now(), src: el.currentSrc || el.src });
      },
      true,
    );
  }
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="call"]')?.textContent ?? '';
    if (text && w.__calls.at(-1) !== text) w.__calls.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function openPlayer(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.addInitScript(recordAudio);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
  await page.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 20_000 });
  await page.waitForTimeout(800);
  return page;
}

const audioLog = (page: Page): Promise<AudioEvent[]> => page.evaluate(() => (window as unknown as { __audio: AudioEvent[] }).__audio);
const ticketOf = (src: string): string => new URL(src, 'http://x').searchParams.get('ticket') ?? '';
const repeatOf = (src: string): string => new URL(src, 'http://x').searchParams.get('repeat') ?? '';

async function createScreen(body: Record<string, unknown>): Promise<string> {
  const res = await api('/api/screens', { body: { hallId, ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { playerUrl: string }).playerUrl;
}

function call(ticket: string, counter: string): Promise<Response> {
  return postCall({ ticket, counter, hallId, id: `e2e-q-${run}-${ticket}` });
}

beforeAll(async () => {
  browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  api = await adminSession();
  const hall = await api('/api/halls', { body: { name: `叫号测试营业厅 ${run}` } });
  expect(hall.status).toBe(201);
  hallId = ((await hall.json()) as { id: string }).id;
  boardUrl = await createScreen({ name: '候区叫号屏', area: 'waiting', kind: 'tv', announce: true, callDisplay: 'full' });
  stripUrl = await createScreen({ name: '21 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['21'] });
  // The voice is built by the server; without it the audio assertions below would say nothing.
  const voice = await fetch(`${baseUrl()}/voice/call.wav?ticket=A1&counter=1`);
  expect(voice.status, 'the server serves /voice/call.wav').toBe(200);
  expect(inject('queueToken')).toBeTruthy();
});
afterAll(async () => {
  await browser?.close();
});

describe('queue calls', () => {
  it('shows a burst of ten calls in order on the waiting-area board, and the audio queue never overlaps', async () => {
    const page = await openPlayer(boardUrl, { width: 1920, height: 1080 });
    const before = await page.screenshot();
    const tickets = Array.from({ length: 10 }, (_, i) => `Q${String(i + 1).padStart(3, '0')}`);
    for (const [i, ticket] of tickets.entries()) expect((await call(ticket, String(i + 1))).status).toBe(202);

    // All ten at once in the history, newest first; the big card starts with the first.
    const history = () => page.$$eval('[data-testid="board-history"] > li', (items) => items.map((li) => li.getAttribute('data-ticket')));
    await expect.poll(history, { timeout: 5000, interval: 100 }).toEqual([...tickets].reverse());
    // The spotlight started with the first; in a burst it moves on every few seconds (content/call-pacing.ts),
    // and the big card follows it.
    expect((await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls))[0]).toBe('请 Q001 号到 1 号窗口办理');
    const cardAndCall = async () => [await page.getByTestId('board-current').textContent(), await page.locator('[aria-live="assertive"][data-testid="call"]').textContent()];
    await expect.poll(async () => { const [card, live] = await cardAndCall(); return card === live && tickets.some((t) => live?.includes(t)); }, { timeout: 3000 }).toBe(true);
    expect(await page.$$eval('[data-testid="board-counter"]', (els) => els.length)).toBe(10);

    // Pixels: the board panel (right third) is drawn, not blank, and the screen changed.
    await page.waitForTimeout(500);
    const board = await regionStats(page, { x: 1240, y: 0, width: 680, height: 1080 });
    expect(board.litRatio).toBeGreaterThan(0.3);
    expect(board.distinctColours).toBeGreaterThan(8);
    expect(await changedFraction(page, before, await page.screenshot())).toBeGreaterThan(0.1);

    // Three announcements one after the other: Q001 twice (alone), then once each (backlog > 3).
    const ended = async () => (await audioLog(page)).filter((e) => e.type === 'ended').length;
    await expect.poll(ended, { timeout: 70_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    const log = await audioLog(page);
    const plays = log.filter((e) => e.type === 'playing');
    expect(plays.slice(0, 3).map((e) => ticketOf(e.src))).toEqual(['Q001', 'Q002', 'Q003']);
    expect(plays.slice(0, 3).map((e) => repeatOf(e.src))).toEqual(['2', '1', '1']);
    expect(await page.evaluate(() => (window as unknown as { __overlaps: number }).__overlaps)).toBe(0);
    // Strictly serial: between two `playing` events the earlier announcement ended (or was cut).
    let sounding = false;
    for (const e of log) {
      if (e.type === 'playing') {
        expect(sounding, `announcement ${ticketOf(e.src)} started while another was sounding`).toBe(false);
        sounding = true;
      } else if (e.type === 'ended' || e.type === 'pause' || e.type === 'error') sounding = false;
    }
    // The spotlight went through the burst in order as well.
    const spotlit = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls);
    const order = spotlit.map((t) => tickets.findIndex((k) => t.includes(k))).filter((i) => i >= 0);
    expect(order.length).toBeGreaterThanOrEqual(2);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await page.close();
  }, 120_000);

  it('does not announce a call again after a reload, and still shows it', async () => {
    const page = await openPlayer(boardUrl, { width: 1920, height: 1080 });
    const res = await call('R001', '11');
    expect(res.status).toBe(202);
    const announcer = page.getByTestId('announcer');
    await expect.poll(() => announcer.getAttribute('data-current-call-id'), { timeout: 10_000 }).toBe(`e2e-q-${run}-R001`);
    await expect.poll(async () => (await audioLog(page)).some((e) => e.type === 'playing' && ticketOf(e.src) === 'R001'), { timeout: 10_000 }).toBe(true);

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 20_000 });
    // The state and the replayed call arrive (history and spotlight show R001) ...
    const historyTickets = () => page.$$eval('[data-testid="board-history"] > li', (items) => items.map((li) => li.getAttribute('data-ticket')));
    await expect.poll(historyTickets, { timeout: 5000 }).toContain('R001');
    await expect.poll(() => page.getByTestId('call').textContent(), { timeout: 5000 }).toBe('请 R001 号到 11 号窗口办理');
    // ... but nothing is spoken again.
    await page.waitForTimeout(2500);
    expect(await audioLog(page)).toEqual([]);
    expect(await announcer.getAttribute('data-state')).toBe('idle');
    await page.close();
  }, 60_000);

  it('shows only its own counter on a 320×64 LED strip, and the idle text otherwise', async () => {
    const page = await openPlayer(stripUrl, { width: 320, height: 64 });
    const strip = page.getByTestId('counter-strip');
    await expect.poll(() => strip.getAttribute('data-state'), { timeout: 5000 }).toBe('idle');
    expect(await strip.textContent()).toBe('热情为您服务');
    const idle = await page.screenshot();
    expect((await regionStats(page)).distinctColours).toBeGreaterThan(2);

    expect((await call('S001', '22')).status).toBe(202);
    await page.waitForTimeout(1000);
    expect(await strip.textContent()).toBe('热情为您服务');
    expect(await page.getByTestId('call').textContent()).toBe('');

    expect((await call('S002', '21')).status).toBe(202);
    await expect.poll(() => strip.textContent(), { timeout: 3000 }).toBe('S002 请到 21 号窗口');
    const flashSeenAt = Date.now();
    expect(await strip.getAttribute('data-state')).toBe('serving');
    expect(await strip.getAttribute('data-flashing')).toBe('true');
    expect(await page.getByTestId('call').textContent()).toBe('请 S002 号到 21 号窗口办理');
    expect(await changedFraction(page, idle, await page.screenshot())).toBeGreaterThan(0.05);
    // It flashes about 3 s, then stays steady on the same line.
    await expect.poll(() => strip.getAttribute('data-flashing'), { timeout: 10_000 }).toBe('false');
    expect(Date.now() - flashSeenAt).toBeGreaterThan(2000);
    expect(await strip.textContent()).toBe('S002 请到 21 号窗口');

    const paused = await fetch(`${baseUrl()}/api/queue/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('queueToken')}` },
      body: JSON.stringify({ type: 'counter.paused', eventId: `e2e-q-${run}-pause`, hallId, occurredAt: new Date().toISOString(), counter: '21' }),
    });
    expect(paused.status).toBeLessThan(300);
    await expect.poll(() => strip.textContent(), { timeout: 3000 }).toBe('暂停服务');
    expect(await strip.getAttribute('data-state')).toBe('paused');
    await page.close();
  }, 60_000);
});

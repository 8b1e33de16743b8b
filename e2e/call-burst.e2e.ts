/**
 * Calls in a busy hall (contract), on a real server and a real waiting-area TV in Chromium, from a
 * browser in UTC−11 (the hall is in UTC+8): a burst of 20 calls to 20 counters posted within one
 * second passes through the `call` element in full and in order within 60 s; 40 calls over 10
 * counters with repeats skip only superseded calls; the announcer's audio never overlaps and never
 * says a call that was superseded while it waited. The page records every text the `call` element
 * takes (MutationObserver) and every media event of the announcer's <audio>; the card's pixels change.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { adminSession, baseUrl, postCall } from './api';
import { changedFraction, CHROMIUM_ARGS, regionStats } from './browser';

type Api = Awaited<ReturnType<typeof adminSession>>;
type Seen = { text: string; at: number };
type AudioEvent = { type: string; at: number; src: string; testid: string | null };
type Posted = { ticket: string; counter: string; at: number };
type Recorder = { __seen: Seen[]; __audio: AudioEvent[]; __overlaps: number };

let browser: Browser;
let api: Api;
const run = Date.now().toString(36);
const VIEWPORT = { width: 1920, height: 1080 };
/** The 正在叫号 card of the board (right 36 % of a 1920×1080 TV, top). */
const CARD = { x: 1250, y: 100, width: 650, height: 440 };

/** Installed before the player's scripts: every text of the call element, every media event. */
function record(): void {
  const w = window as unknown as Recorder;
  w.__seen = [];
  w.__audio = [];
  w.__overlaps = 0;
  const sounding = new Set<EventTarget>();
  for (const type of ['play', 'playing', 'ended', 'pause', 'error']) {
    document.addEventListener(
      type,
      (e) => {
        const el = e.target as HTMLMediaElement;
        if (!(el instanceof HTMLMediaElement)) return;
        if (type === 'playing') {
          if (sounding.size > 0 && !sounding.has(el)) w.__overlaps++;
          sounding.add(el);
        } else if (type !== 'play') sounding.delete(el);
        w.__audio.push({ type, at: Date.now(), src: el.currentSrc || el.src, testid: el.getAttribute('data-testid') });
      },
      true,
    );
  }
  const watch = (el: Element): void => {
    new MutationObserver(() => {
      const text = el.textContent ?? '';
      if (text && w.__seen.at(-1)?.text !== text) w.__seen.push({ text, at: Date.now() });
    }).observe(el, { subtree: true, childList: true, characterData: true });
  };
  // The call element is made by the player: watch the document until it exists, then the element itself.
  const find = new MutationObserver(() => {
    const el = document.querySelector('[data-testid="call"]');
    if (!el) return;
    find.disconnect();
    watch(el);
  });
  find.observe(document, { subtree: true, childList: true });
}

async function newHallWithTv(name: string): Promise<{ hallId: string; screenId: string; playerUrl: string }> {
  const hall = await api('/api/halls', { body: { name: `${name} ${run}` } });
  expect(hall.status).toBe(201);
  const hallId = ((await hall.json()) as { id: string }).id;
  const res = await api('/api/screens', { body: { hallId, name: '候区电视', area: 'waiting', kind: 'tv', announce: true, callDisplay: 'full' } });
  expect(res.status, await res.clone().text()).toBe(201);
  const screen = (await res.json()) as { id: string; playerUrl: string };
  return { hallId, screenId: screen.id, playerUrl: screen.playerUrl };
}

async function openTv(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Pacific/Pago_Pago' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.addInitScript(record);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
  await page.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 20_000 });
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Pacific/Pago_Pago');
  await page.waitForTimeout(800);
  return page;
}

const seen = (page: Page): Promise<Seen[]> => page.evaluate(() => (window as unknown as Recorder).__seen);
const audioLog = async (page: Page): Promise<AudioEvent[]> => (await page.evaluate(() => (window as unknown as Recorder).__audio)).filter((e) => e.testid === 'announcer-audio');
const ticketOf = (src: string): string => new URL(src, 'http://x').searchParams.get('ticket') ?? '';
const textOf = (p: { ticket: string; counter: string }): string => `请 ${p.ticket} 号到 ${p.counter} 号窗口办理`;

async function post(hallId: string, ticket: string, counter: string): Promise<Posted> {
  const res = await postCall({ ticket, counter, hallId, id: `e2e-burst-${run}-${ticket}` });
  expect(res.status).toBe(202);
  return { ticket, counter, at: Date.now() };
}

/** The announcer's audio is strictly serial: every `playing` follows the end of the one before. */
function expectSerial(log: AudioEvent[], overlaps: number): void {
  expect(overlaps).toBe(0);
  let sounding: string | null = null;
  for (const e of log) {
    if (e.type === 'playing') {
      // `playing` again for the same source is the same announcement going on after a stall.
      if (sounding !== e.src) expect(sounding, `announcement ${ticketOf(e.src)} started while ${ticketOf(sounding ?? '')} was sounding`).toBeNull();
      sounding = e.src;
    } else if (e.type === 'ended' || e.type === 'pause' || e.type === 'error') sounding = null;
  }
}

/** The editor's live status of a screen, as /ws/editor pushes it. */
type Status = { screenId: string; announcer?: { waiting: number; ticket?: string } };
function watchStatus(screenId: string, cookie: string): { statuses: Status[]; close(): void } {
  const statuses: Status[] = [];
  const ws = new WebSocket(`${baseUrl().replace('http', 'ws')}/ws/editor`, { headers: { cookie } });
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; status?: Status; statuses?: Status[] };
    if (msg.type === 'screenStatus' && msg.status?.screenId === screenId) statuses.push(msg.status);
    if (msg.type === 'screens') statuses.push(...(msg.statuses ?? []).filter((s) => s.screenId === screenId));
  });
  return { statuses, close: () => ws.close() };
}

async function loginCookie(): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: inject('adminPassword') }),
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] });
  api = await adminSession();
});
afterAll(async () => {
  await browser?.close();
});

describe('calls in a busy hall', () => {
  it('puts a burst of 20 calls to 20 counters through the call element in full, in order, within 60 s; audio never overlaps', async () => {
    const { hallId, screenId, playerUrl } = await newHallWithTv('叫号高峰营业厅');
    const page = await openTv(playerUrl);
    const status = watchStatus(screenId, await loginCookie());
    const calls = Array.from({ length: 20 }, (_, i) => ({ ticket: `C${String(i + 1).padStart(3, '0')}`, counter: String(i + 1) }));
    // Sent 25 ms apart without waiting for answers, so a loaded box cannot spread them past a second;
    // the posting order is the one the server recorded (createdAt), whatever the sockets did.
    const firstPostAt = Date.now();
    await Promise.all(calls.map((c, i) => new Promise((r) => setTimeout(r, i * 25)).then(() => post(hallId, c.ticket, c.counter))));
    const listed = (await (await api('/api/queue/calls')).json()) as { ticket: string; counter: string; hallId?: string; createdAt: string }[];
    const accepted = listed.filter((c) => c.hallId === hallId).reverse().sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    expect(accepted).toHaveLength(20);
    const postMs = Date.parse(accepted.at(-1)!.createdAt) - Date.parse(accepted[0]!.createdAt);
    expect(postMs, 'the server accepted the 20 calls within one second').toBeLessThan(1000);

    // The card changes pixels as the spotlight moves: one shot with the first call, one a few calls later.
    await expect.poll(async () => (await seen(page)).length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(400);
    const cardFirst = await page.screenshot({ clip: CARD });
    const stats = await regionStats(page, CARD);
    expect(stats.litRatio).toBeGreaterThan(0.3);
    expect(stats.redRatio, 'the card shows a red ticket and label').toBeGreaterThan(0.01);
    await expect.poll(async () => (await seen(page)).length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(4);
    await page.waitForTimeout(400);
    // Only the ticket digits and the list lines may differ (C001 → C004): a small but real share of the card.
    expect(await changedFraction(page, cardFirst, await page.screenshot({ clip: CARD }))).toBeGreaterThan(0.003);
    // The card lists the other current calls, newest first (the board has room on a 1080p TV).
    const cardTickets = (await page.getByTestId('board-current').getAttribute('data-card-tickets'))!.split(',');
    expect(cardTickets.length).toBeGreaterThanOrEqual(2);
    expect(cardTickets.length).toBeLessThanOrEqual(4);
    expect([...cardTickets].sort().reverse()).toEqual(cardTickets);

    const deadline = firstPostAt + 60_000;
    await expect.poll(async () => (await seen(page)).length, { timeout: Math.max(1000, deadline - Date.now()), interval: 250 }).toBeGreaterThanOrEqual(20);
    const texts = await seen(page);
    expect(texts.map((s) => s.text)).toEqual(accepted.map(textOf));
    const lastAt = texts.at(-1)!.at - firstPostAt;
    const turns = texts.slice(1).map((t, i) => t.at - texts[i]!.at);
    console.info(`[e2e:burst] 20 calls posted in ${postMs} ms; the 20th reached the call element ${lastAt} ms after the first POST; turns ${turns.join(' ')} ms`);
    expect(lastAt).toBeLessThan(60_000);

    // Voice: strictly serial, each call at most once, in posting order (no counter repeats here).
    await page.waitForTimeout(3000);
    const log = await audioLog(page);
    expectSerial(log, await page.evaluate(() => (window as unknown as Recorder).__overlaps));
    const spoken = log.filter((e) => e.type === 'playing').map((e) => ticketOf(e.src));
    console.info(`[e2e:burst] voice: ${log.map((e) => `${e.type} ${ticketOf(e.src)} ${e.at - firstPostAt}`).join(', ')}`);
    expect(spoken.length).toBeGreaterThanOrEqual(3);
    expect(new Set(spoken).size).toBe(spoken.length);
    const order = spoken.map((t) => accepted.findIndex((c) => c.ticket === t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Once each while the backlog lasts (the first may start before the rest arrive: it is said twice).
    const repeats = log.filter((e) => e.type === 'playing').slice(1).map((e) => new URL(e.src, 'http://x').searchParams.get('repeat'));
    expect(repeats).toEqual(repeats.map(() => '1'));
    // The live console heard what the announcer said and how many waited.
    expect(status.statuses.some((s) => s.announcer && s.announcer.waiting > 3 && s.announcer.ticket?.startsWith('C'))).toBe(true);
    status.close();
    await page.context().close();
  }, 120_000);

  it('skips only superseded calls when 40 calls hit 10 counters with repeats, the rest in order; superseded ones are not spoken', async () => {
    const { hallId, playerUrl } = await newHallWithTv('叫号重复营业厅');
    const page = await openTv(playerUrl);
    // 40 calls over 10 s; counters repeat in an irregular order, so some are called again while their call waits.
    const calls = Array.from({ length: 40 }, (_, i) => ({ ticket: `D${String(i + 1).padStart(3, '0')}`, counter: String(1 + ((i * 7 + Math.floor(i / 3)) % 10)) }));
    const firstPostAt = Date.now();
    const posted: Posted[] = [];
    for (const [i, c] of calls.entries()) {
      const due = firstPostAt + i * 250;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      posted.push(await post(hallId, c.ticket, c.counter));
    }
    // The last call of every counter is never superseded: all of them must come through.
    const lastPerCounter = [...new Map(calls.map((c) => [c.counter, c])).values()];
    await expect
      .poll(async () => { const s = new Set((await seen(page)).map((x) => x.text)); return lastPerCounter.every((c) => s.has(textOf(c))); }, { timeout: 60_000, interval: 250 })
      .toBe(true);
    const texts = (await seen(page)).map((s) => s.text);
    const index = texts.map((t) => calls.findIndex((c) => textOf(c) === t));
    expect(index, 'only calls of this test reach the element').not.toContain(-1);
    expect(new Set(index).size, 'no call twice').toBe(index.length);
    expect(index, 'in posting order').toEqual([...index].sort((a, b) => a - b));
    const skipped = calls.filter((c) => !texts.includes(textOf(c)));
    for (const c of skipped) {
      const i = calls.indexOf(c);
      expect(calls.slice(i + 1).some((d) => d.counter === c.counter), `${c.ticket} at ${c.counter} was skipped without being superseded`).toBe(true);
    }
    console.info(`[e2e:burst] 40 calls over 10 counters: ${texts.length} shown, ${skipped.length} superseded`);

    // Voice: serial; a call whose counter was called again well before its voice started is never said.
    await page.waitForTimeout(3000);
    const log = await audioLog(page);
    console.info(`[e2e:burst] voice: ${log.map((e) => `${e.type} ${ticketOf(e.src)} ${e.at - firstPostAt}`).join(', ')}`);
    expectSerial(log, await page.evaluate(() => (window as unknown as Recorder).__overlaps));
    const plays = log.filter((e) => e.type === 'playing');
    expect(plays.length).toBeGreaterThanOrEqual(3);
    for (const p of plays) {
      const i = calls.findIndex((c) => c.ticket === ticketOf(p.src));
      expect(i).toBeGreaterThanOrEqual(0);
      const newer = posted.slice(i + 1).find((d) => d.counter === calls[i]!.counter);
      if (newer) expect(newer.at, `${calls[i]!.ticket} was said after ${newer.ticket} superseded it`).toBeGreaterThan(p.at - 1500);
    }
    await page.context().close();
  }, 150_000);
});

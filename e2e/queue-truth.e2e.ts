/**
 * One truth for calls and boards, on real screens: calls with and without `hallId` (a token tied to
 * the hall), queue events and a staff test call, mixed, leave the waiting-area board, a counter's LED
 * strip and a board that connects afterwards all showing the latest ticket of every counter — the same
 * as `GET /api/halls/{id}/queue-state`. The spec builds its own hall so other specs cannot interfere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { CHROMIUM_ARGS } from './browser';

type Api = Awaited<ReturnType<typeof adminSession>>;
let browser: Browser;
let api: Api;
let hallId: string;
let token: string;
let boardUrl: string;
let stripUrl: string;
const run = Date.now().toString(36);

async function openPlayer(url: string, viewport: { width: number; height: number }): Promise<Page> {
  // The halls are on Asia/Shanghai time; the browser on purpose is not.
  const context = await browser.newContext({ viewport, timezoneId: 'Pacific/Pago_Pago' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[player page error]', err.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __player?: { status: string } }).__player?.status === 'online', null, { timeout: 30_000 });
  return page;
}

async function created(path: string, body: unknown): Promise<any> {
  const res = await api(path, { body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const post = (path: string, body: unknown, auth: string): Promise<Response> =>
  fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` }, body: JSON.stringify(body) });

/** Counter → ticket as the board's DOM mirror shows it. */
const boardTickets = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('[data-testid="board-counter"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-counter') ?? '', e.getAttribute('data-ticket') ?? ''])));

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  api = await adminSession();
  hallId = (await created('/api/halls', { name: `一致性测试营业厅 ${run}` })).id;
  token = (await created('/api/tokens', { name: `一致性 ${run}`, scopes: ['queue:write'], hallIds: [hallId] })).token;
  boardUrl = (await created('/api/screens', { hallId, name: '候区叫号屏', area: 'waiting', kind: 'tv', callDisplay: 'full' })).playerUrl;
  stripUrl = (await created('/api/screens', { hallId, name: '7 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['7'] })).playerUrl;
});
afterAll(async () => {
  await browser?.close();
});

describe('calls and boards agree', () => {
  it('mixed calls with and without hallId, events and a staff call leave every board and strip on the latest ticket', async () => {
    const board = await openPlayer(boardUrl, { width: 1280, height: 720 });
    const strip = await openPlayer(stripUrl, { width: 320, height: 64 });
    const ev = (type: string, ticket: string, counter: string) => ({ type, eventId: `truth-${run}-${type}-${ticket}`, hallId, occurredAt: new Date().toISOString(), ticket, counter });
    const steps: [string, () => Promise<Response>][] = [
      ['A001 → 3 with hallId', () => post('/api/queue/calls', { ticket: 'A001', counter: '3', hallId }, token)],
      ['B001 → 7 without', () => post('/api/queue/calls', { ticket: 'B001', counter: '7' }, token)],
      ['A002 → 3 without', () => post('/api/queue/calls', { ticket: 'A002', counter: '3' }, token)],
      ['C001 → 8 event', () => post('/api/queue/events', ev('ticket.called', 'C001', '8'), token)],
      ['B002 → 7 staff call', () => api('/api/queue/calls', { body: { ticket: 'B002', counter: '7', hallId } })],
      ['C002 → 8 without', () => post('/api/queue/calls', { ticket: 'C002', counter: '8' }, token)],
    ];
    for (const [name, step] of steps) expect((await step()).status, name).toBe(202);
    const latest = { '3': 'A002', '7': 'B002', '8': 'C002' };

    const state = (await (await api(`/api/halls/${hallId}/queue-state`)).json()) as { counters: { counter: string; ticket?: string }[] };
    expect(Object.fromEntries(state.counters.map((c) => [c.counter, c.ticket]))).toEqual(latest);
    await expect.poll(() => boardTickets(board), { timeout: 10_000, interval: 200 }).toEqual(latest);
    await expect.poll(() => strip.getByTestId('counter-strip').textContent(), { timeout: 10_000, interval: 200 }).toContain('B002');

    // A board that connects now shows the same, straight from its hello.
    const late = await openPlayer(boardUrl, { width: 1280, height: 720 });
    await expect.poll(() => boardTickets(late), { timeout: 10_000, interval: 200 }).toEqual(latest);
    for (const p of [board, strip, late]) await p.context().close();
  }, 120_000);
});

/**
 * Staff and halls in a real browser: a hall-A editor never sees hall B in the editor, and a page on
 * another port of the same host (same-site, so the staff cookie travels) cannot write with the admin's
 * session: neither fetch nor a form post, nor a WebSocket to /ws/editor.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let attacker: Server;
let attackerUrl: string;
let victimSlide: string;
let hallAId: string;
const run = Date.now() % 100000;
const hallA = `东城营业厅-${run}`;
const hallB = `西城营业厅-${run}`;
const PW = 'tall-river-42';

/** A staff member signed in to the editor, in a browser zone unlike the halls'. */
async function signIn(username: string, password: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return { context, page };
}

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await adminSession();
  const post = async (path: string, body: unknown) => {
    const r = await admin(path, { body });
    if (r.status !== 201) throw new Error(`${path} → ${r.status} ${await r.text()}`);
    return r.json();
  };
  const a = await post('/api/halls', { name: hallA });
  const b = await post('/api/halls', { name: hallB });
  hallAId = a.id;
  await post('/api/screens', { name: `${hallA}大屏`, hallId: a.id, area: 'waiting', kind: 'tv' });
  await post('/api/screens', { name: `${hallB}大屏`, hallId: b.id, area: 'waiting', kind: 'tv' });
  await post('/api/users', { username: `east-${run}`, password: PW, role: 'editor', hallIds: [a.id] });
  // A slide of hall B, made by a hall-B editor.
  await post('/api/users', { username: `west-${run}`, password: PW, role: 'editor', hallIds: [b.id] });
  const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `west-${run}`, password: PW }) });
  const west = login.headers.get('set-cookie')!.split(';')[0]!;
  await fetch(`${baseUrl()}/api/slides`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: west }, body: JSON.stringify({ type: 'notice', title: `${hallB}专属通知`, body: '正文' }) });

  // What the attack aims at: a slide waiting for review (approving needs no body at all).
  const victim = await post('/api/slides', { type: 'notice', title: `待审核-${run}`, body: '正文' });
  await admin(`/api/slides/${victim.id}/submit`, { method: 'POST' });
  victimSlide = victim.id;
  // The attacking page: same host, another port.
  const target = baseUrl();
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><body>
      <form id="f" method="POST" action="${target}/api/halls" enctype="text/plain" target="sink"><input name='{"name":"表单钓鱼厅","x":"' value='"}'></form>
      <iframe name="sink"></iframe>
      <script>
        window.results = {};
        fetch('${target}/api/slides/${victim.id}/approve', { method: 'POST', credentials: 'include', mode: 'no-cors' })
          .then(() => (window.results.fetch = 'sent'), () => (window.results.fetch = 'blocked'));
        const ws = new WebSocket('${target.replace('http', 'ws')}/ws/editor');
        ws.onmessage = () => (window.results.ws = 'open');
        ws.onerror = () => (window.results.ws = 'refused');
        document.getElementById('f').submit();
      </script></body>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

describe('a hall-limited editor', () => {
  it('never sees hall B: not in screens, slides, halls or the navigation', async () => {
    const { context, page } = await signIn(`east-${run}`, PW, { width: 1440, height: 900 });
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    // Staff land on 工作台: hall A's card only, its one screen offline, the district slide waiting for review.
    const card = page.locator(`[data-testid="wb-hall"][data-hall-id="${hallAId}"]`);
    await card.waitFor();
    expect(new URL(page.url()).hash).toBe('#/workbench');
    expect(await page.getByTestId('wb-hall').count()).toBe(1);
    expect(await card.getByTestId('wb-screens-value').textContent()).toBe('0/1');
    expect(await page.locator('main').innerText()).not.toContain(hallB);
    const pending = Number(await card.getByTestId('wb-pending-value').textContent());
    expect(pending).toBeGreaterThanOrEqual(1);
    // A slide submitted in hall A shows up without a reload (the editor socket's `changed`).
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { 'content-type': 'application/json', cookie, origin: baseUrl() };
    const made = (await (await fetch(`${baseUrl()}/api/slides`, { method: 'POST', headers, body: JSON.stringify({ type: 'notice', title: `东城待审-${run}`, body: '正文' }) })).json()) as { id: string };
    expect((await fetch(`${baseUrl()}/api/slides/${made.id}/submit`, { method: 'POST', headers })).status).toBe(200);
    await expect.poll(() => card.getByTestId('wb-pending-value').textContent(), { timeout: 5_000 }).toBe(String(pending + 1));
    expect(await card.getByTestId('wb-pending').getAttribute('href')).toBe('#/slides');
    await page.getByTestId('nav-screens').click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(`${hallA}大屏`);
    expect(await page.locator('main').innerText()).not.toContain(hallB);
    await page.getByTestId('nav-slides').click();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(await page.locator('main').innerText()).not.toContain(hallB);
    await context.close();
  });
});

describe('district content for a hall-limited editor', () => {
  it('shows a district slide without 编辑/删除 (read-only, with the reason) and still lets them edit their own hall\'s slide', async () => {
    const admin = await adminSession();
    const district = (await (await admin('/api/slides', { body: { type: 'notice', title: `全区通知-${run}`, body: '正文' } })).json()) as { id: string };
    const playlist = (await (await admin('/api/playlists', { body: { name: `全区列表-${run}`, items: [{ slideId: district.id }] } })).json()) as { id: string };
    const schedule = (await (await admin('/api/schedules', { body: { name: `全区排期-${run}`, target: { all: true }, playlistId: playlist.id, priority: -900 } })).json()) as { id: string };
    const { context, page } = await signIn(`east-${run}`, PW, { width: 1440, height: 900 });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { 'content-type': 'application/json', cookie, origin: baseUrl() };
    const own = (await (await fetch(`${baseUrl()}/api/slides`, { method: 'POST', headers, body: JSON.stringify({ type: 'notice', title: `东城自有-${run}`, body: '正文' }) })).json()) as { id: string };

    await page.goto(`${baseUrl()}/editor/#/slides`);
    const districtRow = page.locator(`[data-testid="slide-row"][data-slide-id="${district.id}"]`);
    const ownRow = page.locator(`[data-testid="slide-row"][data-slide-id="${own.id}"]`);
    await districtRow.waitFor();
    await ownRow.waitFor();
    for (const id of ['slide-edit', 'slide-delete', 'slide-submit']) expect(await districtRow.getByTestId(id).count(), id).toBe(0);
    expect(await districtRow.getByTestId('readonly-hint').textContent()).toContain('全区内容');
    expect(await districtRow.getByTestId('slide-select').isDisabled()).toBe(true);
    // The read-only view: fields readable, nothing to save.
    await districtRow.getByTestId('slide-view').click();
    await page.getByTestId('readonly-note').waitFor();
    expect(await page.getByTestId('slide-title').inputValue()).toBe(`全区通知-${run}`);
    expect(await page.getByTestId('slide-save').isDisabled()).toBe(true);
    // Their own hall's slide: editable as before.
    await page.goto(`${baseUrl()}/editor/#/slides`);
    await ownRow.getByTestId('slide-edit').click();
    await page.getByTestId('slide-title').fill(`东城自有-改-${run}`);
    await page.getByTestId('slide-save').click();
    await page.getByTestId('slide-table').waitFor();
    await expect.poll(async () => ((await (await admin(`/api/slides/${own.id}`)).json()) as { title: string }).title, { timeout: 5_000 }).toBe(`东城自有-改-${run}`);
    expect(await ownRow.getByTestId('readonly-hint').count()).toBe(0);
    // The same rule on the other lists: a district playlist and an every-hall schedule are 查看 only.
    await page.goto(`${baseUrl()}/editor/#/playlists`);
    const playlistRow = page.locator(`[data-testid="playlist-row"][data-playlist-id="${playlist.id}"]`);
    await playlistRow.getByTestId('readonly-hint').waitFor();
    expect(await playlistRow.getByTestId('playlist-edit').count() + (await playlistRow.getByTestId('playlist-delete').count())).toBe(0);
    await page.goto(`${baseUrl()}/editor/#/schedules`);
    const scheduleRow = page.locator(`[data-testid="schedule-row"][data-schedule-id="${schedule.id}"]`);
    await scheduleRow.getByTestId('readonly-hint').waitFor();
    expect(await scheduleRow.getByTestId('schedule-edit').count() + (await scheduleRow.getByTestId('schedule-delete').count())).toBe(0);
    await admin(`/api/schedules/${schedule.id}`, { method: 'DELETE' });
    await context.close();
  });
});

describe('CSRF from another port of the same host', () => {
  it('an admin who visits the attacking page leaves no trace: no slide approved, no hall made, no editor socket opened', async () => {
    // On a phone: the admin's 工作台 lists the demo hall with all its screens, and nothing overflows sideways.
    const { context, page } = await signIn('admin', inject('adminPassword'), { width: 390, height: 844 });
    const api = await adminSession();
    const halls = (await (await api('/api/halls')).json()) as { id: string; name: string }[];
    const demo = halls.find((h) => h.name.includes('示范')) ?? halls[0]!;
    const demoScreens = ((await (await api('/api/screens')).json()) as { hallId: string }[]).filter((s) => s.hallId === demo.id).length;
    const demoCard = page.locator(`[data-testid="wb-hall"][data-hall-id="${demo.id}"]`);
    await expect.poll(() => demoCard.getByTestId('wb-screens-value').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^\\d+/${demoScreens}$`));
    expect(await demoCard.getByTestId('wb-pending').getAttribute('href')).toBe('#/review');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const evil = await context.newPage();
    await evil.goto(attackerUrl);
    await expect.poll(() => evil.evaluate(() => (window as unknown as { results: Record<string, string> }).results.ws), { timeout: 15_000 }).toBe('refused');
    await evil.waitForTimeout(1000);
    const admin = await adminSession();
    const names = ((await (await admin('/api/halls')).json()) as { name: string }[]).map((h) => h.name);
    const slide = (await (await admin(`/api/slides/${victimSlide}`)).json()) as { status: string };
    expect(slide.status).toBe('pending');
    expect(names.some((n) => n.includes('表单钓鱼厅'))).toBe(false);
    await context.close();
  });
});

/**
 * 设备告警 with the real server, a real player page and a real webhook receiver: a hall without
 * business hours (24 h, so the check never depends on the hour), a TV opened in the browser and then
 * closed → the offline alert opens (ALERT_OFFLINE_MS=1000 replaces the 5-minute threshold, the rules
 * run every 200 ms), the receiver gets it, the editor's bell counts it and 设备告警 lists it in the hall's
 * time; the player opened again → the alert closes and the receiver hears that too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServer, type ServerProcess } from './server-process';

const PASSWORD = 'e2e-alerts-pass';
let server: ServerProcess;
let browser: Browser;
let hook: Server;
const received: any[] = [];
let cookie = '';

const api = async (path: string, body?: unknown, method = body ? 'POST' : 'GET'): Promise<any> => {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
};

beforeAll(async () => {
  hook = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  [server, browser] = await Promise.all([startServer({ ADMIN_PASSWORD: PASSWORD, ALERT_OFFLINE_MS: '1000', ALERT_CHECK_MS: '200' }), launchBrowser()]);
  const login = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  hook?.closeAllConnections();
  await new Promise((r) => hook?.close(r));
});

describe('设备告警', () => {
  it('opens an alert when a player goes away, posts it to the webhook, shows it in the editor, and closes it when the player is back', async () => {
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/robot?key=e2e`;
    const hall = await api('/api/halls', { name: '告警测试厅', timezone: 'Asia/Shanghai' });
    await api(`/api/halls/${hall.id}`, { alerts: { offlineMinutes: 5, webhook: { url: hookUrl, format: 'wecom' } } }, 'PATCH');
    const tv = await api('/api/screens', { name: '告警测试电视', hallId: hall.id, area: 'waiting', kind: 'tv' });
    const openAlerts = async () => ((await api(`/api/alerts?open=1&hallId=${hall.id}`)).alerts as any[]).filter((a) => a.screenId === tv.id);
    const isOnline = async () => ((await api('/api/screens')) as any[]).find((s) => s.id === tv.id)?.status.online === true;

    const player = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await player.goto(tv.playerUrl);
    await expect.poll(isOnline, { timeout: 15_000, interval: 100 }).toBe(true);
    await player.close();
    // Gone for the server too before alerts are read: on a loaded machine a page that stalls while it
    // closes can go silent past the 1 s threshold and come back once, which opens and closes an alert.
    await expect.poll(isOnline, { timeout: 15_000, interval: 100 }).toBe(false);

    await expect.poll(async () => (await openAlerts()).length, { timeout: 8000, interval: 100 }).toBe(1);
    const [alert] = await openAlerts();
    expect(alert).toMatchObject({ kind: 'offline', hallId: hall.id, endedAt: null });
    await expect.poll(() => received.length, { timeout: 5000, interval: 50 }).toBeGreaterThan(0);
    expect(received[0]).toEqual({ msgtype: 'text', text: { content: expect.stringContaining('【设备告警】告警测试厅 · 屏幕离线') } });
    expect(received[0].text.content).toContain('告警测试电视');

    const editor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await editor.goto(`${server.baseUrl}/editor/#/alerts`);
    await editor.getByTestId('login-username').fill('admin');
    await editor.getByTestId('login-password').fill(PASSWORD);
    await editor.getByTestId('login-submit').click();
    // The seeded demo hall's never-connected screens may alert too: the bell counts at least ours.
    await expect.poll(async () => Number((await editor.getByTestId('alert-count').textContent()) || 0), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const row = editor.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.getAttribute('data-open')).toBe('true');
    // The browser runs in Pacific/Pago_Pago; the start is read on the hall's clock (Asia/Shanghai, +08:00).
    const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(alert.startedAt));
    expect(await row.getByTestId('alert-start').textContent()).toBe(shanghai);

    const again = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await again.goto(tv.playerUrl);
    await expect.poll(async () => (await openAlerts()).length, { timeout: 15_000, interval: 100 }).toBe(0);
    await expect.poll(() => received.some((b) => b.text.content.startsWith('【告警恢复】告警测试厅')), { timeout: 5000, interval: 50 }).toBe(true);
    // The editor hears the close over /ws/editor and redraws the row as 已恢复.
    await expect.poll(() => row.getAttribute('data-open'), { timeout: 5000 }).toBe('false');
    await again.close();
    await editor.close();
  }, 40_000);
});

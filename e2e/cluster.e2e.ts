/**
 * Cluster mode from outside: two `npm start` instances on one throw-away PostgreSQL database, the
 * machine's Redis (a random key prefix) and one shared MEDIA_DIR, behind a tiny TCP switch that
 * forwards each new connection to the first instance that accepts it. A player opened through the
 * switch lands on instance A; content and calls go through instance B. Then Redis is restarted
 * (calls resume without restarting anything), and A is killed with -9 during concurrent writes:
 * no acknowledged write is lost and the player, back through the switch on B, shows a new call.
 */
import { execFileSync, execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { createTestDb, type TestDb } from '../server/store/pg-test-db';
import { launchBrowser } from './browser';
import { freePort, startServer, type ServerProcess } from './server-process';

const ADMIN_PASSWORD = 'cluster-admin-pass';
const QUEUE_TOKEN = 'cluster-queue-token';
const REDIS_START = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'];

let db: TestDb;
let mediaDir: string;
let a: ServerProcess;
let b: ServerProcess;
let proxy: Server;
let proxyUrl: string;
let browser: Browser;
let page: Page;
let cookie: string;
let screenId: string;
const sockets = new Set<Socket>();

/** Forwards each connection to the first of `ports` that accepts it (what a load balancer's health check amounts to). */
function tcpSwitch(ports: number[]): Server {
  return createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const attempt = (i: number): void => {
      if (i >= ports.length) return void client.destroy();
      const upstream = createConnection({ host: '127.0.0.1', port: ports[i]! });
      upstream.once('error', () => attempt(i + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
}

const api = (base: string, p: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<Response> =>
  fetch(`${base}${p}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : { cookie }), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>, status: number): Promise<T> => {
  const r = await res;
  const body = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${body}`);
  return JSON.parse(body) as T;
};
const call = (base: string, body: Record<string, unknown>) => api(base, '/api/queue/calls', { body, token: QUEUE_TOKEN });
const until = async (what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
const shownCalls = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __calls: string[] }).__calls);

beforeAll(async () => {
  db = await createTestDb();
  mediaDir = mkdtempSync(path.join(os.tmpdir(), 'hs-cluster-media-'));
  const env = { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `hs-e2e-${randomBytes(4).toString('hex')}:`, MEDIA_DIR: mediaDir, ADMIN_PASSWORD, QUEUE_TOKEN };
  // Started together: the setup lock must make exactly one of them seed the demo hall.
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  const port = await freePort();
  proxy = tcpSwitch([Number(new URL(a.baseUrl).port), Number(new URL(b.baseUrl).port)]);
  await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${port}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const s of sockets) s.destroy();
  proxy?.close();
  // A killed process has a signalCode and no exitCode: stop() would wait for an exit that already happened.
  const stop = (s: ServerProcess | undefined) => (s && s.child.signalCode !== null ? rmSync(s.dataDir, { recursive: true, force: true }) : s?.stop());
  await Promise.all([stop(a), stop(b)]);
  await db?.drop();
  rmSync(mediaDir, { recursive: true, force: true });
});

describe('two instances are one installation', () => {
  it('seeded once; health names the engines; a session from A works on B', async () => {
    for (const s of [a, b]) expect(await json(fetch(`${s.baseUrl}/healthz`), 200)).toMatchObject({ status: 'ok', store: 'postgres', bus: 'redis' });
    const login = await fetch(`${a.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const halls = await json<{ id: string }[]>(api(b.baseUrl, '/api/halls'), 200);
    expect(halls).toHaveLength(1);
    const screens = await json<unknown[]>(api(a.baseUrl, '/api/screens'), 200);
    expect(screens.length).toBeGreaterThan(0);
  });

  it('a player on A shows content and calls sent through B; one call id sent to both is announced once', async () => {
    const [hall] = await json<{ id: string }[]>(api(b.baseUrl, '/api/halls'), 200);
    // Created through the switch (→ A), so its playerUrl points at the switch.
    const screen = await json<{ id: string; playerUrl: string }>(api(proxyUrl, '/api/screens', { body: { name: '集群测试屏', hallId: hall!.id, area: 'waiting', kind: 'tv' } }), 201);
    screenId = screen.id;
    page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __calls: string[] };
      w.__calls = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="call"]')?.textContent ?? '';
        if (text && w.__calls.at(-1) !== text) w.__calls.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(screen.playerUrl);
    await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 60_000 });
    expect((await json<{ screensConnected: number }>(fetch(`${a.baseUrl}/healthz`), 200)).screensConnected).toBe(1);

    const slide = await json<{ id: string }>(api(b.baseUrl, '/api/slides', { body: { type: 'notice', title: '集群通知 B', body: '经由 B 发布', durationMs: 60_000 } }), 201);
    await json(api(b.baseUrl, `/api/slides/${slide.id}/approve`, { method: 'POST' }), 200);
    const pl = await json<{ id: string }>(api(b.baseUrl, '/api/playlists', { body: { name: '集群', items: [{ slideId: slide.id }] } }), 201);
    await json(api(b.baseUrl, '/api/schedules', { body: { name: '集群', target: { screenIds: [screenId] }, playlistId: pl.id, priority: 50 } }), 201);
    await page.waitForFunction((id) => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id') === id, slide.id, { timeout: 60_000 });

    const [first, second] = await Promise.all([json<{ duplicate?: boolean; screens: number }>(call(a.baseUrl, { ticket: 'C001', counter: '2', id: 'same-id' }), 202), json<{ duplicate?: boolean; screens: number }>(call(b.baseUrl, { ticket: 'C001', counter: '2', id: 'same-id' }), 202)]);
    expect(first.screens).toBe(second.screens);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    const c2 = await json<{ id: string }>(call(b.baseUrl, { ticket: 'C002', counter: '3', hallId: hall!.id }), 202);
    await until('C002 on the player', async () => (await shownCalls()).some((t) => t.includes('C002')), 60_000);
    // The player acked to A; B, which accepted the call, reports the ack.
    await until('ack of C002 reported by B', async () => {
      const report = await json<{ acks: { screenId: string }[] }>(api(b.baseUrl, `/api/queue/calls/${c2.id}/acks`), 200);
      return report.acks.some((x) => x.screenId === screenId);
    }, 30_000);
    expect((await shownCalls()).filter((t) => t.includes('C001'))).toHaveLength(1);
    // The call taken by B is part of the hall's queue state as A answers it.
    await until('C002 in the queue state on A', async () => JSON.stringify(await json(api(a.baseUrl, `/api/halls/${hall!.id}/queue-state`), 200)).includes('C002'), 10_000);
    // B's screen wall shows the screen held by A as online.
    await until('screen online on B', async () => {
      const wall = await json<{ statuses: { screenId: string; online: boolean }[] }>(api(b.baseUrl, '/api/screens/status'), 200);
      return wall.statuses.some((st) => st.screenId === screenId && st.online);
    }, 30_000);
    // A remote command sent to B reaches the screen on A, and its answer reaches an editor on B.
    const editor = new WebSocket(`${b.baseUrl.replace('http', 'ws')}/ws/editor`, { headers: { cookie } });
    const done: { requestId?: string; ok?: boolean }[] = [];
    editor.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; requestId?: string; ok?: boolean };
      if (m.type === 'commandDone') done.push(m);
    });
    await new Promise((r, j) => (editor.once('open', r), editor.once('error', j)));
    const sent = await json<{ requestId: string }>(api(b.baseUrl, `/api/screens/${screenId}/commands`, { body: { command: 'identify' } }), 202);
    await until('commandDone on B', () => done.some((m) => m.requestId === sent.requestId), 30_000);
    editor.close();
  });

  it('media uploaded to B is served by A', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'dot.png');
    const res = await fetch(`${b.baseUrl}/api/media`, { method: 'POST', headers: { cookie }, body: form });
    const media = (await res.json()) as { url: string; thumbnailUrl: string; error?: unknown };
    expect(res.status, JSON.stringify(media)).toBe(201);
    // What screens load (the cleaned thumbnail/renditions) is public; the original is for staff only.
    for (const [url, headers] of [[media.thumbnailUrl, {}], [media.url, { cookie }]] as const) {
      const served = await fetch(`${a.baseUrl}${url}`, { headers });
      expect(served.status, url).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).length).toBeGreaterThan(0);
    }
  });

  it('Redis restarted mid-run: both instances answer 503 meanwhile, then calls from B reach the player on A again', async () => {
    execSync('redis-cli -h 127.0.0.1 -p 6379 shutdown nosave || true');
    await until('503 from both', async () => (await fetch(`${a.baseUrl}/healthz`)).status === 503 && (await fetch(`${b.baseUrl}/healthz`)).status === 503, 20_000);
    expect((await call(b.baseUrl, { ticket: 'R000', counter: '1' })).status).toBe(503);
    execFileSync('redis-server', REDIS_START);
    await until('healthy again', async () => (await fetch(`${a.baseUrl}/healthz`)).status === 200 && (await fetch(`${b.baseUrl}/healthz`)).status === 200, 30_000);
    await json(call(b.baseUrl, { ticket: 'R001', counter: '4' }), 202);
    await until('R001 on the player', async () => (await shownCalls()).some((t) => t.includes('R001')), 60_000);
  });

  it('kill -9 of the player instance during concurrent writes: no acknowledged write lost, the player shows a new call from B', async () => {
    const acked: string[] = [];
    const failures: number[] = [];
    let writing = true;
    const writer = async (n: number): Promise<void> => {
      for (let i = 0; writing; i++) {
        const base = (i + n) % 2 ? a.baseUrl : b.baseUrl;
        try {
          const res = await api(base, '/api/slides', { body: { type: 'notice', title: `写入 ${n}-${i}`, body: 'x' } });
          if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
          else failures.push(res.status);
        } catch {
          /* A is gone: nothing was acknowledged */
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, n) => writer(n));
    await until('some writes', () => acked.length >= 20, 30_000);
    a.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    writing = false;
    await Promise.all(writers);
    expect(failures.filter((s) => s >= 500)).toEqual([]);
    const stored = new Set((await json<{ id: string }[]>(api(b.baseUrl, '/api/slides'), 200)).map((s) => s.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);

    await until('player back on B', async () => ((await json<{ screensConnected: number }>(fetch(`${b.baseUrl}/healthz`), 200)).screensConnected ?? 0) >= 1, 90_000);
    await json(call(b.baseUrl, { ticket: 'K001', counter: '5' }), 202);
    await until('K001 on the player', async () => (await shownCalls()).some((t) => t.includes('K001')), 60_000);
  });
});

/**
 * Test harness: starts the real app (lowdb in a temp dir, memory bus, silent logger) on port 0 and
 * speaks real HTTP and real WebSocket to it. Used by the server integration tests only.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { Role } from '../content/model';
import { PROTOCOL_VERSION, type ServerMessage } from '../content/protocol';
import { createApp, type App, type AppDeps } from './app';
import { hashPassword } from './auth/passwords';
import { loadInstallSecret, sha256Hex } from './auth/secrets';
import { createMemoryBus } from './bus';
import { newId } from './ids';
import { createLogger } from './log';
import { seed, type SeedResult } from './seed';
import { openLowdbStore } from './store/lowdb-store';

export const ADMIN_PASSWORD = 'pw-admin-1';
export const QUEUE_TOKEN = 'tok-queue-1';

/** An HTTP answer with its body parsed as JSON when it is JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export interface Auth {
  cookie?: string;
  bearer?: string;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** What a test may set of the app's dependencies. */
type AppOptions = Partial<Pick<AppDeps, 'screenOps' | 'queueRate' | 'trustProxy' | 'cluster' | 'alerts' | 'clock' | 'sharedDir' | 'bus'>>;

/**
 * Starts an app on port 0 over `dir` (a fresh temp dir by default), seeded like `npm start` does.
 * `close()` deletes a temp dir it made (or any dir with `removeDir: true`) unless told to keep it.
 */
export async function startTestServer(opts: { dir?: string; removeDir?: boolean } & AppOptions = {}) {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hs-'));
  const removeDir = opts.removeDir ?? opts.dir === undefined;
  const store = await openLowdbStore(dir);
  const seeded: SeedResult = await seed(store, { fresh: store.created, adminPassword: ADMIN_PASSWORD, queueToken: QUEUE_TOKEN, now: Date.now() });
  const secret = await loadInstallSecret(dir);
  const { dir: _dir, removeDir: _remove, ...appOptions } = opts;
  const built: App = createApp({ store, bus: opts.bus ?? createMemoryBus(), logger: createLogger('silent'), secret, dataDir: dir, ...appOptions });
  const server: Server = createServer(built.app);
  built.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  /** Sends `body` as JSON (objects) or raw (strings) and parses a JSON answer. */
  async function request(method: string, url: string, body?: unknown, auth: Auth = {}, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (auth.cookie) h.cookie = auth.cookie;
    if (auth.bearer) h.authorization = `Bearer ${auth.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + url, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json')) parsed = text ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** Logs in and returns the session cookie (`name=value`). */
  async function login(username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const r = await request('POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  /** Creates a staff user directly in the store (there is no user API yet) and returns its cookie. */
  async function userCookie(role: Role): Promise<string> {
    const username = `${role}-${newId('u')}`;
    const passwordHash = await hashPassword('pw-user-1');
    await store.transact((tx) =>
      tx.insert('users', { id: newId('usr'), username, displayName: username, role, passwordHash, createdAt: new Date().toISOString() }),
    );
    return login(username, 'pw-user-1');
  }

  /** POSTs as the admin (or `auth`) and insists on 201; returns the created object. */
  async function create(url: string, body: object, auth: Auth = { cookie: admin }): Promise<any> {
    const r = await request('POST', url, body, auth);
    if (r.status !== 201) throw new Error(`POST ${url} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A notice slide, created and approved by the admin. */
  async function approvedSlide(title: string, extra: object = {}): Promise<any> {
    const slide = await create('/api/slides', { type: 'notice', title, body: '正文', ...extra });
    const r = await request('POST', `/api/slides/${slide.id}/approve`, undefined, { cookie: admin });
    if (r.status !== 200) throw new Error(`approve → ${r.status}`);
    return r.body;
  }

  /** A hall with a waiting-area TV, an exhibition TV (no calls) and the strips of counters 3 and 5. */
  async function makeHall(name: string) {
    const hall = await create('/api/halls', { name });
    const screen = (body: object) => create('/api/screens', { hallId: hall.id, ...body });
    return {
      hall,
      waiting: await screen({ name: '叫号电视', area: 'waiting', kind: 'tv' }),
      exhibition: await screen({ name: '展示屏', area: 'exhibition', kind: 'tv' }),
      strip3: await screen({ name: '3 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['3'] }),
      strip5: await screen({ name: '5 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['5'] }),
    };
  }

  const admin = await login();
  let closed = false;
  async function close(closeOpts: { keepDir?: boolean } = {}): Promise<void> {
    if (closed) return;
    closed = true;
    await built.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    if (removeDir && !closeOpts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }

  return { dir, store, built, server, port, base, seeded, admin, request, login, userCookie, create, approvedSlide, makeHall, close };
}

/** A player socket that records every message and lets a test wait for the first one that matches. */
/** Stores an integration token with the `queue:write` scope for these halls (none = every hall); `token` is its plaintext. */
export function addQueueToken(t: TestServer, token: string, hallIds: string[]) {
  return t.store.transact((tx) => tx.insert('tokens', { id: newId('tok'), name: token, tokenHash: sha256Hex(token), scopes: ['queue:write'], hallIds, createdAt: new Date().toISOString() }));
}

export interface PlayerClient {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** The first not yet taken message matching `pred` (already received or still to come). */
  take<T extends ServerMessage['type']>(type: T, pred?: (m: Extract<ServerMessage, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<ServerMessage, { type: T }>>;
  send(msg: unknown): void;
  /** A ping / pong round trip: everything the server sent before it has arrived once this resolves. */
  sync(): Promise<void>;
  close(): void;
}

export function connectPlayer(port: number, query: string): PlayerClient {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/player${query}`);
  const messages: ServerMessage[] = [];
  const taken = new Set<number>();
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as ServerMessage);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const send = (msg: unknown): void => void opened.then(() => ws.readyState === ws.OPEN && ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)));

  const take: PlayerClient['take'] = (type, pred, timeoutMs = 3000) =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const i = messages.findIndex((m, idx) => !taken.has(idx) && m.type === type && (!pred || pred(m as never)));
        if (i < 0) return false;
        taken.add(i);
        resolve(messages[i] as never);
        return true;
      };
      if (check()) return;
      const waiter = (): void => {
        if (check()) done();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no '${type}' message within ${timeoutMs} ms; got ${messages.map((m) => m.type).join(', ') || 'nothing'}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
    });

  let pingSeq = 0;
  const sync = async (): Promise<void> => {
    const t = ++pingSeq + 0.5;
    send({ type: 'ping', t });
    await take('pong', (m) => m.t === t);
  };
  return { ws, messages, closed, take, send, sync, close: () => ws.close() };
}

/** Connects with the screen's own playerUrl credentials and says hello. */
export function connectScreen(port: number, playerUrl: string, overrides: Record<string, unknown> = {}): PlayerClient {
  const u = new URL(playerUrl);
  const screenId = u.searchParams.get('screen')!;
  const key = u.searchParams.get('key')!;
  const client = connectPlayer(port, `?screen=${encodeURIComponent(screenId)}&key=${encodeURIComponent(key)}`);
  client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, screenId, key, playerVersion: 'test', ...overrides });
  return client;
}

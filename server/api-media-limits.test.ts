/** Upload size limit: a file over MAX_UPLOAD_MB gets a 413 that names the limit and leaves nothing behind. */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from './app';
import { loadInstallSecret } from './auth/secrets';
import { createMemoryBus } from './bus';
import { createLogger } from './log';
import { seed } from './seed';
import { openLowdbStore } from './store/lowdb-store';
import type { Store } from './store/store';

const LIMIT = 64 * 1024;
let dir: string;
let store: Awaited<ReturnType<typeof openLowdbStore>>;
let built: App;
let server: Server;
let base: string;
let cookie: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-limit-'));
  store = await openLowdbStore(dir);
  await seed(store, { fresh: store.created, adminPassword: 'pw-admin-1', now: Date.now() });
  built = createApp({ store, bus: createMemoryBus(), logger: createLogger('silent'), secret: await loadInstallSecret(dir), dataDir: dir, maxUploadBytes: LIMIT });
  server = createServer(built.app);
  built.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'pw-admin-1' }) });
  cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(async () => {
  await built.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses a file over the size limit with 413, names the limit and leaves nothing behind', async () => {
  const form = new FormData();
  const big = new Uint8Array(LIMIT * 3);
  big.set([0xff, 0xd8, 0xff, 0xe0]);
  form.append('file', new Blob([big]), 'huge.jpg');
  const r = await fetch(`${base}/api/media`, { method: 'POST', body: form, headers: { cookie } });
  expect(r.status).toBe(413);
  const body = await r.json();
  expect(body.error.code).toBe('file_too_large');
  expect(body.error.message).toContain('0.1 MB');
  const ls = (sub: string) => (fs.existsSync(path.join(dir, sub)) ? fs.readdirSync(path.join(dir, sub)) : []);
  expect(ls('tmp')).toEqual([]);
  expect(ls('media')).toEqual([]);
  expect(store.list('media')).toEqual([]);
});

it('tells the browser the limit and the types before anything is sent (GET /api/media/limits)', async () => {
  const r = await fetch(`${base}/api/media/limits`, { headers: { cookie } });
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ maxUploadBytes: LIMIT, types: expect.arrayContaining(['image/png', 'image/jpeg', 'video/mp4']) });
});

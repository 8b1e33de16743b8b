/**
 * An instance that loses its database: the real app on PostgreSQL, reached through a TCP proxy this
 * test can cut. While cut, `/healthz` answers 503 naming the problem and writes get a clear 503; once
 * the proxy is back the instance recovers by itself, and a write made elsewhere meanwhile is seen.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { seed } from '../seed';
import { openPgStore } from '../store/pg-store';
import { createTestDb, type TestDb } from '../store/pg-test-db';
import { openRuntime, type Runtime } from './runtime';

let db: TestDb;
let runtime: Runtime;
let http: HttpServer;
let close: () => Promise<void>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-pg-outage-'));
const sockets = new Set<Socket>();
let proxy: Server | undefined;

const openProxy = (port: number, target: number): Promise<void> =>
  new Promise((resolve) => {
    proxy = createServer((client) => {
      const up = createConnection({ host: '127.0.0.1', port: target });
      for (const s of [client, up]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(up).pipe(client);
      up.on('close', () => client.destroy());
      client.on('close', () => up.destroy());
    }).listen(port, '127.0.0.1', () => resolve());
  });
const cutProxy = (): Promise<void> =>
  new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    proxy!.close(() => resolve());
  });
const until = async (check: () => Promise<boolean>, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

afterAll(async () => {
  await close?.();
  if (proxy?.listening) await cutProxy();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('database outage', () => {
  it('503 from /healthz and for writes while the database is unreachable, recovery without a restart', async () => {
    db = await createTestDb();
    const direct = new URL(db.url);
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => r(p));
      });
    });
    await openProxy(port, Number(direct.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(port);
    const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: viaProxy.toString() });
    const logger = createLogger('silent');
    runtime = await openRuntime(config, logger);
    await seed(runtime.store, { fresh: runtime.store.created, adminPassword: 'pw-outage-1', now: Date.now() });
    const built = createApp({ store: runtime.store, bus: runtime.bus, logger, secret: runtime.secret, dataDir: dir, cluster: { health: runtime.health, sync: runtime.sync } });
    http = createHttpServer(built.app);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    close = async () => {
      await built.close();
      http.close();
      await runtime.close().catch(() => {});
    };
    const login = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'pw-outage-1' }) });

    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', store: 'postgres', bus: 'memory' });
    expect((await login()).status).toBe(200);

    await cutProxy();
    await until(async () => (await fetch(`${base}/healthz`)).status === 503, 10_000);
    const down = (await (await fetch(`${base}/healthz`)).json()) as { problems: string[] };
    expect(down.problems.join()).toMatch(/postgres/);
    const refused = await login();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('cluster_unavailable');

    // Another instance writes while this one is cut off.
    const other = await openPgStore(db.url);
    await other.transact((tx) => tx.insert('halls', { id: 'h-during', name: '断线期间新建', timezone: 'Asia/Shanghai', createdAt: new Date().toISOString() }));
    await other.close();

    await openProxy(port, Number(direct.port || 5432));
    await until(async () => (await fetch(`${base}/healthz`)).status === 200, 20_000);
    expect((await login()).status).toBe(200);
    await until(async () => runtime.store.get('halls', 'h-during') !== undefined, 10_000);
  });
});

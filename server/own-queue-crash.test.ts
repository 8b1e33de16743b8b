/**
 * Nothing of the hall's own queue is lost on kill -9: the real server (`tsx server/main.ts`) in a child
 * process takes tickets and calls one, is killed with SIGKILL right after its answers, and a restart on
 * the same DATA_DIR still has every acknowledged ticket, call and counter state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TOKEN = 'tok-crash-1';
const PASSWORD = 'pw-crash-1';
const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

async function start(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', QUEUE_TOKEN: TOKEN, ADMIN_PASSWORD: PASSWORD },
    stdio: 'ignore',
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 150))) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child };
    } catch {
      /* not up yet */
    }
  }
  throw new Error('server did not start');
}

const post = async (base: string, url: string, body: object, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
  const r = await fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as any, headers: r.headers };
};

describe('kill -9', () => {
  it('keeps every acknowledged ticket, call and counter state', { timeout: 90_000 }, async () => {
    const first = await start();
    const login = await post(first.base, '/api/auth/login', { username: 'admin', password: PASSWORD }, {});
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const hall = await post(first.base, '/api/halls', { name: '断电厅' }, { cookie });
    const service = await post(first.base, `/api/halls/${hall.body.id}/services`, { name: '居民业务', prefix: 'A', counters: ['1'] }, { cookie });
    expect(service.status).toBe(201);
    const taken = await Promise.all(Array.from({ length: 10 }, () => post(first.base, '/api/queue/tickets', { hallId: hall.body.id, serviceId: service.body.id })));
    expect(taken.every((r) => r.status === 201)).toBe(true);
    const called = await post(first.base, `/api/halls/${hall.body.id}/counters/1/next`, {});
    expect(called.body.number).toBe('A001');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const again = await start();
    const numbers = taken.map((r) => r.body.number as string).sort();
    expect(new Set(numbers).size).toBe(10);
    for (const r of taken) {
      const pub = await fetch(`${again.base}/api/queue/tickets/${r.body.id}`);
      expect(pub.status).toBe(200);
    }
    expect((await post(again.base, '/api/queue/tickets', { hallId: hall.body.id, serviceId: service.body.id })).body.number).toBe('A011');
    // Counter 1 still serves A001: the next press finishes it and calls A002.
    expect((await post(again.base, `/api/halls/${hall.body.id}/counters/1/next`, {})).body.number).toBe('A002');
    again.child.kill('SIGKILL');
  });
});

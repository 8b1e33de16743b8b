/** Screenshot uploads: the key is checked before the body is read, failed keys are limited, overlapping uploads all land, and a deleted screen's pictures go. */
import fs from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEY_FAILURES_PER_MINUTE, SCREENSHOT_MAX_BYTES } from './routes/screenshots';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const keyOf = (playerUrl: string) => new URL(playerUrl).searchParams.get('key')!;
const png = () => sharp({ create: { width: 320, height: 180, channels: 3, background: '#2a6' } }).png().toBuffer();
const upload = (body: Buffer, headers: Record<string, string>) =>
  fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'image/png', ...headers } });

it('overlapping uploads for one screen all succeed; deleting the screen deletes its screenshots', async () => {
  const h = await t.makeHall('并发截图厅');
  const mine = { 'x-screen-id': h.waiting.id, 'x-screen-key': keyOf(h.waiting.playerUrl) };
  const image = await png();
  const replies = await Promise.all(Array.from({ length: 4 }, () => upload(image, mine)));
  expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  const dir = path.join(t.dir, 'screenshots', h.waiting.id);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(fs.existsSync(path.join(dir, 'latest.webp'))).toBe(true);

  expect((await t.request('DELETE', `/api/screens/${h.waiting.id}`, undefined, { cookie: t.admin })).status).toBe(204);
  expect(fs.existsSync(dir)).toBe(false);
});

it('a wrong key is answered 401 before the body is sent', async () => {
  const h = await t.makeHall('拒收厅');
  const started = Date.now();
  // Announces the largest allowed body but sends 1 KB and never ends: only a check that skips the body can answer.
  const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${t.base}/api/player/screenshot`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'content-length': String(SCREENSHOT_MAX_BYTES), 'x-screen-id': h.waiting.id, 'x-screen-key': 'wrong' },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.write(Buffer.alloc(1024));
  });
  expect(reply.status).toBe(401);
  expect(JSON.parse(reply.body).error.code).toBe('bad_device_key');
  expect(Date.now() - started).toBeLessThan(2000);
});

it(`more than ${KEY_FAILURES_PER_MINUTE} failed keys a minute from one address get 429`, async () => {
  const h = await t.makeHall('限流厅');
  const wrong = { 'x-screen-id': h.waiting.id, 'x-screen-key': 'nope' };
  const statuses: number[] = [];
  // The test before already failed once from this address.
  for (let i = 0; i < KEY_FAILURES_PER_MINUTE + 1; i++) statuses.push((await upload(Buffer.alloc(16), wrong)).status);
  expect(statuses.slice(0, KEY_FAILURES_PER_MINUTE - 1).every((s) => s === 401)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
  const limited = await upload(await png(), { 'x-screen-id': h.waiting.id, 'x-screen-key': keyOf(h.waiting.playerUrl) });
  expect(limited.status).toBe(429);
  const body = await limited.json();
  expect(body.error).toMatchObject({ code: 'too_many_key_failures', message: expect.stringContaining('1 分钟') });
});

/**
 * Issue 13's low holes, attacked from outside over HTTP: forged X-Forwarded-For, SVG sent as a PNG screenshot,
 * image originals (with their metadata) fetched without a session, headers that let the app be framed or sniffed,
 * and DATA_DIR readable by other users.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

const FIXTURES = path.join(import.meta.dirname, 'media', 'fixtures');
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const pair = (base: string, forwardedFor: string) => fetch(`${base}/api/pairing`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor } });

describe('X-Forwarded-For', () => {
  it('is ignored by default: a client rotating the header still meets the per-IP pairing limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await pair(t.base, `203.0.113.${i}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('is believed from the proxies TRUST_PROXY names (here loopback)', async () => {
    const behindProxy = await startTestServer({ trustProxy: ['loopback'] });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await pair(behindProxy.base, `203.0.113.${i}`)).status);
      expect(statuses.every((s) => s === 201)).toBe(true);
      // One real client behind the proxy is still limited.
      for (let i = 0; i < 10; i++) await pair(behindProxy.base, '198.51.100.7');
      expect((await pair(behindProxy.base, '198.51.100.7')).status).toBe(429);
    } finally {
      await behindProxy.close();
    }
  });
});

describe('screenshot uploads are checked by their bytes', () => {
  const keyed = (playerUrl: string) => {
    const u = new URL(playerUrl);
    return { 'x-screen-id': u.searchParams.get('screen')!, 'x-screen-key': u.searchParams.get('key')! };
  };
  it.each<[string, () => Promise<Buffer> | Buffer]>([
    ['an SVG', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000"><rect width="100%" height="100%"/></svg>')],
    ['an SVG behind an XML prolog', () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a GIF', () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).gif().toBuffer()],
    ['text', () => Buffer.from('hello')],
  ])('%s sent as image/png is refused with 400 and stores nothing', async (_name, make) => {
    const h = await t.makeHall(`截图嗅探厅-${_name}`);
    const r = await fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: new Uint8Array(await make()), headers: { 'content-type': 'image/png', ...keyed(h.waiting.playerUrl) } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('bad_image');
    expect(fs.existsSync(path.join(t.dir, 'screenshots', h.waiting.id))).toBe(false);
  });

  it('a real PNG still lands', async () => {
    const h = await t.makeHall('截图真图厅');
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#2a6' } }).png().toBuffer();
    const r = await fetch(`${t.base}/api/player/screenshot`, { method: 'POST', body: new Uint8Array(png), headers: { 'content-type': 'image/png', ...keyed(h.waiting.playerUrl) } });
    expect(r.status).toBe(201);
  });
});

describe('media files', () => {
  const upload = async (bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    return (await (await fetch(`${t.base}/api/media`, { method: 'POST', body: form, headers: { cookie: t.admin } })).json()) as {
      url: string;
      thumbnailUrl: string;
      renditions: { url: string }[];
    };
  };

  it('an image original (EXIF and all) is for signed-in staff; its renditions, which screens load, are public and carry no metadata', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#36c' } })
      .jpeg()
      .withExif({ IFD0: { Artist: '张三的手机', Copyright: 'GPS 31.2304N 121.4737E' } })
      .toBuffer();
    const m = await upload(jpeg, 'photo.jpg');
    const anonymous = await fetch(t.base + m.url);
    expect(anonymous.status).toBe(401);
    const staff = await fetch(t.base + m.url, { headers: { cookie: t.admin } });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('cache-control')).toMatch(/^private/);
    expect(Buffer.from(await staff.arrayBuffer()).includes(Buffer.from('GPS 31.2304N'))).toBe(true);
    // A bearer token (the queue system) is not staff.
    expect((await fetch(t.base + m.url, { headers: { authorization: 'Bearer tok-queue-1' } })).status).toBe(403);

    for (const url of [m.thumbnailUrl, ...m.renditions.map((r) => r.url)]) {
      const r = await fetch(t.base + url);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(bytes.includes(Buffer.from('GPS 31.2304N'))).toBe(false);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    }
  });

  it('a video, which has no renditions, stays public: it is what screens play', async () => {
    const v = await upload(new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'tiny-h264.mp4'))), 'clip.mp4');
    const r = await fetch(t.base + v.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('video/mp4');
  });
});

describe('security headers on every answer', () => {
  it.each(['/healthz', '/api/auth/me', '/api/nope', '/voice/call.wav?ticket=A1&counter=1'])('%s: nosniff, same-origin framing, no Referer to other sites', async (url) => {
    const r = await fetch(t.base + url);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('DATA_DIR is for the server user only', () => {
  const mode = (p: string) => fs.statSync(p).mode & 0o777;
  it('the folder, the store files, the secret, logs and media are 0700 / 0600', async () => {
    // A write (the store and the audit log both get one) and an upload, so every kind of file exists.
    await t.create('/api/halls', { name: '权限检查厅' });
    await t.built.close().catch(() => undefined);
    expect(mode(t.dir)).toBe(0o700);
    for (const f of ['hall-signage.json', 'hall-signage-live.json', 'hall-signage-live.journal', 'secret.key']) expect(mode(path.join(t.dir, f)), f).toBe(0o600);
    const logs = path.join(t.dir, 'logs');
    expect(mode(logs)).toBe(0o700);
    const files = fs.readdirSync(logs);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(mode(path.join(logs, f)), f).toBe(0o600);
    expect(mode(path.join(t.dir, 'media'))).toBe(0o700);
  });
});

/** The built-file server over real HTTP: codings by Accept-Encoding, Vary, types, caching, page headers, refusals. */
import fs from 'node:fs';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distFiles, pickEncodings } from './dist-files';
import { precompressDir } from './precompress';
import { baseSecurityHeaders } from './security-headers';

describe('pickEncodings()', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['br;q=0, gzip', ['gzip']],
    ['br;q=0.1, gzip;q=1', ['br', 'gzip']],
    ['*', ['br', 'gzip']],
    ['*;q=0, gzip', ['gzip']],
    ['identity', []],
    ['GZIP;Q=0.5', ['gzip']],
    ['gzip;q=0', []],
  ])('%j → %j', (header, expected) => {
    expect(pickEncodings(header)).toEqual(expected);
  });
});

let dir: string;
let server: Server;
let base: string;
const JS = `export const x = ${JSON.stringify('营业厅 '.repeat(500))};\n`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-dist-'));
  for (const sub of ['assets', 'player', 'editor']) fs.mkdirSync(path.join(dir, sub));
  fs.writeFileSync(path.join(dir, 'assets', 'player-AbC123.js'), JS);
  fs.writeFileSync(path.join(dir, 'assets', 'font-x1.woff2'), Buffer.alloc(4000, 7));
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-x1.css'), 'a{b:c}');
  fs.writeFileSync(path.join(dir, 'player', 'index.html'), `<!doctype html><title>player</title>${'<p>播放</p>'.repeat(300)}`);
  fs.writeFileSync(path.join(dir, 'player', 'sw.js'), `self.x = ${JSON.stringify('x'.repeat(3000))};`);
  fs.writeFileSync(path.join(dir, 'editor', 'index.html'), `<!doctype html><title>editor</title>${'<p>编辑</p>'.repeat(300)}`);
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not served');
  precompressDir(dir);
  const app = express();
  app.use(baseSecurityHeaders());
  app.use(distFiles(dir));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (no transparent decompression), the body as the wire carried it. */
const raw = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(base + url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
const decode = (coding: string | undefined, body: Buffer) => (coding === 'br' ? brotliDecompressSync(body) : coding === 'gzip' ? gunzipSync(body) : body).toString();

describe('hashed assets', () => {
  it.each<[string | undefined, string | undefined]>([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    [undefined, undefined],
    ['identity', undefined],
  ])('Accept-Encoding %j is answered with %j, the JavaScript type, Vary and a year of immutable cache', async (accept, coding) => {
    const r = await raw('/assets/player-AbC123.js', accept ? { 'accept-encoding': accept } : {});
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe(coding);
    expect(r.headers['content-type']).toMatch(/^text\/javascript/);
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(decode(coding, r.body)).toBe(JS);
    if (coding) expect(r.body.length).toBeLessThan(Buffer.byteLength(JS) / 5);
  });

  it('sends fonts and files too small to gain as they are, without Vary', async () => {
    for (const [url, type] of [['/assets/font-x1.woff2', 'font/woff2'], ['/assets/tiny-x1.css', 'text/css']] as const) {
      const r = await raw(url, { 'accept-encoding': 'br, gzip' });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers['content-type']).toContain(type);
    }
    expect((await raw('/assets/font-x1.woff2')).headers.vary).toBeUndefined();
  });

  it('answers a conditional request for the same coding with 304', async () => {
    const first = await raw('/assets/player-AbC123.js', { 'accept-encoding': 'br' });
    const again = await raw('/assets/player-AbC123.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it.each(['/assets/player-AbC123.js.br', '/assets/player-AbC123.js.gz', '/assets/..%2fsecret.txt', '/assets/%2e%2e%2fsecret.txt', '/assets/.hidden', '/assets/nope.js', '/secret.txt'])('does not serve %s', async (url) => {
    expect((await raw(url, { 'accept-encoding': 'br, gzip' })).status).toBe(404);
  });
});

describe('pages and the service worker', () => {
  it.each(['/player/', '/player/?screen=s&key=k', '/player/deep/link', '/editor/', '/editor/slides/1'])('%s is HTML, compressed, re-checked on every visit', async (url) => {
    const r = await raw(url, { 'accept-encoding': 'gzip, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(decode('br', r.body)).toContain(url.startsWith('/player') ? '<title>player</title>' : '<title>editor</title>');
  });

  it('the player sends no Referer (its URL carries the device key) and may only be framed by the editor (same origin)', async () => {
    const r = await raw('/player/?screen=s&key=k');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    // pixi and zod run without eval (pixi.js/unsafe-eval, content/zod-jitless.ts): an eval-free policy.
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('the editor cannot be framed by another site and runs no eval', async () => {
    const r = await raw('/editor/');
    const csp = String(r.headers['content-security-policy']);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['referrer-policy']).toBe('same-origin');
  });

  it('a Host header cannot inject sources into the policy', async () => {
    const r = await raw('/editor/', { host: "evil.example; script-src *" });
    expect(String(r.headers['content-security-policy'])).not.toContain('evil');
  });

  it('the service worker is re-checked on every visit', async () => {
    const r = await raw('/player/sw.js', { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/javascript/);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['cache-control']).toBe('no-cache');
  });
});

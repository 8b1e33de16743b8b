import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsMediaStore } from './fs-media-store';
import { mediaKey, mediaUrl, type MediaStore } from './media-store';

const SHA = 'a'.repeat(64);
let root: string;
let staging: string;
let media: MediaStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-store-'));
  staging = path.join(root, '.incoming');
  fs.mkdirSync(staging);
  media = createFsMediaStore(path.join(root, 'media'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A finished folder of files as the pipeline leaves it in staging. */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(staging, 'ingest-'));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}
const names = async (sha: string) => (await media.listFiles(sha)).sort();
const exists = async (key: string) => (await media.stat(key)) !== undefined;

describe('the folder media store', () => {
  it('putFolder() moves a finished folder in as <sha>/… (media folder 0700), replacing a stale one whole', async () => {
    const dir = folder({ 'original.png': 'png', 'w1920.webp': 'webp' });
    await media.putFolder(SHA, dir);
    expect(fs.statSync(path.join(root, 'media')).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(dir)).toBe(false);
    expect(await names(SHA)).toEqual(['original.png', 'w1920.webp']);

    // A folder without a record (a crash, a deleted record) is replaced whole, not merged.
    await media.putFolder(SHA, folder({ 'original.png': 'png' }));
    expect(await names(SHA)).toEqual(['original.png']);
  });

  it('putFile() adds one file to a folder; stat() and remove() work on files and whole folders', async () => {
    await media.putFolder(SHA, folder({ 'original.mp4': 'mp4' }));
    const poster = path.join(staging, 'poster.webp');
    fs.writeFileSync(poster, 'poster');
    await media.putFile(`${SHA}/poster-1.webp`, poster);
    expect(fs.existsSync(poster)).toBe(false);
    expect(fs.readFileSync(path.join(root, 'media', SHA, 'poster-1.webp'), 'utf8')).toBe('poster');
    expect(await exists(`${SHA}/poster-1.webp`)).toBe(true);
    expect(await exists(SHA)).toBe(true);

    await media.remove(`${SHA}/poster-1.webp`);
    expect(await exists(`${SHA}/poster-1.webp`)).toBe(false);
    expect(await names(SHA)).toEqual(['original.mp4']);
    await media.remove(SHA);
    expect(await exists(SHA)).toBe(false);
    await media.remove(SHA); // already gone: not an error
    expect(await media.listFiles(SHA)).toEqual([]);
  });

  it('a failed put leaves nothing under its key', async () => {
    await expect(media.putFolder(SHA, path.join(staging, 'never-made'))).rejects.toThrow();
    expect(await exists(SHA)).toBe(false);
    expect(await media.listFolders()).toEqual([]);
    await expect(media.putFile(`${SHA}/poster-1.webp`, path.join(staging, 'never-made.webp'))).rejects.toThrow();
    expect(await exists(`${SHA}/poster-1.webp`)).toBe(false);
  });

  it('listFolders() lists media folders, not dot folders or stray files; stat() tells their age', async () => {
    const other = 'b'.repeat(64);
    await media.putFolder(SHA, folder({ 'original.png': 'x' }));
    await media.putFolder(other, folder({ 'original.png': 'y' }));
    fs.mkdirSync(path.join(root, 'media', '.incoming'));
    fs.writeFileSync(path.join(root, 'media', 'stray.txt'), 'z');
    const dayAgo = new Date(Date.now() - 86_400_000);
    fs.utimesSync(path.join(root, 'media', other), dayAgo, dayAgo);
    expect((await media.listFolders()).sort()).toEqual([SHA, other]);
    expect(Math.abs((await media.stat(other))!.modifiedMs - dayAgo.getTime())).toBeLessThan(1);
    expect(Date.now() - (await media.stat(SHA))!.modifiedMs).toBeLessThan(60_000);
    expect(await media.stat('c'.repeat(64))).toBeUndefined();
  });

  it('refuses a key that would reach outside its folder, or the folder itself', async () => {
    for (const key of ['..', `${SHA}/../..`, '', '.']) await expect(media.remove(key), key).rejects.toThrow(/bad media key/);
    expect(fs.existsSync(root)).toBe(true);
  });

  it('keys are URL paths without /media/', () => {
    expect(mediaUrl(`${SHA}/w1920.webp`)).toBe(`/media/${SHA}/w1920.webp`);
    expect(mediaKey(`/media/${SHA}/w1920.webp`)).toBe(`${SHA}/w1920.webp`);
  });
});

describe('serving from the folder store', () => {
  let server: Server;
  let base: string;
  beforeEach(async () => {
    await media.putFolder(SHA, folder({ 'w1920.webp': '0123456789', 'original.png': 'png' }));
    const app = express();
    app.use('/media', (req, res, next) => {
      if (req.path.endsWith('/original.png')) res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      next();
    }, media.serve());
    app.use((_req, res) => res.status(404).send('fell through'));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers with year-long immutable caching and byte ranges; a Cache-Control set before it wins', async () => {
    const whole = await fetch(`${base}/media/${SHA}/w1920.webp`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(await whole.text()).toBe('0123456789');
    const part = await fetch(`${base}/media/${SHA}/w1920.webp`, { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    expect((await fetch(`${base}/media/${SHA}/w1920.webp`, { headers: { range: 'bytes=20-' } })).status).toBe(416);
    expect((await fetch(`${base}/media/${SHA}/original.png`)).headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
  });

  it('falls through when the file is not stored, and lists no folder index', async () => {
    for (const url of [`/media/${SHA}/w640.webp`, `/media/${SHA}/`, '/media/']) {
      const r = await fetch(base + url);
      expect(r.status, url).toBe(404);
      expect(await r.text()).toBe('fell through');
    }
  });
});

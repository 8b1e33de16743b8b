import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Slide } from '../../content/model';
import { startTestServer, type TestServer } from '../test-server';
import { pruneRenditions } from './cleanup';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function upload(bytes: Uint8Array, name: string, url = '/api/media') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(`${t.base}${url}`, { method: 'POST', body: form, headers: { cookie: t.admin } });
  return r.json();
}
const mediaDir = () => path.join(t.dir, 'media');
const exists = (url: string) => fs.existsSync(path.join(mediaDir(), url.replace('/media/', '')));

it('pruneRenditions() drops renditions no screen needs unless a slide shows them, old posters and old orphan folders', async () => {
  const img = await upload(await sharp({ create: { width: 2400, height: 800, channels: 3, background: '#246' } }).jpeg().toBuffer(), 'wide.jpg');
  const byWidth = (w: number) => img.renditions.find((r: { width: number }) => r.width === w).url as string;
  expect(img.renditions.map((r: { width: number }) => r.width)).toEqual([2400, 1920, 320]);
  const at = new Date().toISOString();
  await t.store.transact((tx) => {
    // Every screen becomes 640×360; an older slide still shows the 1920 rendition.
    for (const s of tx.list('screens')) tx.replace('screens', { ...s, resolution: { width: 640, height: 360 } });
    tx.insert('slides', { type: 'image', id: 'sld_old', title: '旧幻灯片', mediaId: img.id, fit: 'contain', mediaUrl: byWidth(1920), status: 'approved', createdAt: at, updatedAt: at } as Slide);
  });

  const video = await upload(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'tiny-h264.mp4')), 'v.mp4');
  const frame = (c: string) => sharp({ create: { width: 64, height: 36, channels: 3, background: c } }).png().toBuffer();
  const first = await upload(await frame('#f00'), 'a.png', `/api/media/${video.id}/poster`);
  const second = await upload(await frame('#00f'), 'b.png', `/api/media/${video.id}/poster`);
  expect(first.posterUrl).not.toBe(second.posterUrl);
  // Only replaced posters older than an hour go: a younger one may be a poster not recorded yet.
  const dayAgo = new Date(Date.now() - 86_400_000);
  for (const url of [first.posterUrl, first.thumbnailUrl]) fs.utimesSync(path.join(mediaDir(), url.replace('/media/', '')), dayAgo, dayAgo);
  const third = await upload(await frame('#0f0'), 'c.png', `/api/media/${video.id}/poster`);

  const oldOrphan = path.join(mediaDir(), 'f'.repeat(64));
  const newOrphan = path.join(mediaDir(), 'e'.repeat(64));
  fs.mkdirSync(oldOrphan);
  fs.mkdirSync(newOrphan);
  fs.utimesSync(oldOrphan, dayAgo, dayAgo);

  const result = await pruneRenditions(t.store, t.built.ctx.media);
  expect(result.dirs).toEqual(['f'.repeat(64)]);
  expect(result.files).toHaveLength(3); // w320, the first poster and its thumbnail
  expect(exists(byWidth(320))).toBe(false);
  expect(exists(byWidth(1920))).toBe(true);
  expect(exists(byWidth(2400))).toBe(true);
  expect(t.store.get('media', img.id)!.renditions.map((r) => r.width)).toEqual([2400, 1920]);
  expect(exists(first.posterUrl)).toBe(false);
  expect(exists(first.thumbnailUrl)).toBe(false);
  expect(exists(second.posterUrl)).toBe(true);
  expect(exists(second.thumbnailUrl)).toBe(true);
  expect(exists(third.posterUrl)).toBe(true);
  expect(exists(video.url)).toBe(true);
  expect(fs.existsSync(newOrphan)).toBe(true);

  // A second run finds nothing more to do.
  expect(await pruneRenditions(t.store, t.built.ctx.media)).toEqual({ files: [], dirs: [] });
});

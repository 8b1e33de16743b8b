/**
 * Video header numbers are whatever the file says: absurd ones must never reach the store, or the
 * next start would fail to load it. Also: only an admin may change the poster of approved slides.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLowdbStore } from './store/lowdb-store';
import type { VideoProbe } from './media/video-probe';
import { startTestServer, type TestServer } from './test-server';

/** Lets a test hand the pipeline a probe result no real file can produce, to reach the store backstop. */
const probeOverride = vi.hoisted(() => ({ fn: undefined as undefined | ((p: VideoProbe) => VideoProbe) }));
vi.mock('./media/video-probe', async (importOriginal) => {
  const real = await importOriginal<typeof import('./media/video-probe')>();
  return {
    ...real,
    probeVideo: async (...args: Parameters<typeof real.probeVideo>) => {
      const p = await real.probeVideo(...args);
      return probeOverride.fn ? probeOverride.fn(p) : p;
    },
  };
});

const FIXTURES = path.join(import.meta.dirname, 'media', 'fixtures');
const fixture = (name: string) => Buffer.from(fs.readFileSync(path.join(FIXTURES, name)));

/** The VP9 fixture with its Info/Duration double set to `ticks`. */
function webmWithDuration(ticks: number): Buffer {
  const b = fixture('tiny-vp9.webm');
  const at = b.indexOf(Buffer.from([0x44, 0x89, 0x88]));
  b.writeDoubleBE(ticks, at + 3);
  return b;
}
/** The VP9 fixture with its 2-byte PixelWidth set to `width`. */
function webmWithWidth(width: number): Buffer {
  const b = fixture('tiny-vp9.webm');
  const at = b.indexOf(Buffer.from([0xb0, 0x82]));
  b.writeUInt16BE(width, at + 2);
  return b;
}
/** The H.264 fixture with a version-0 mvhd saying ~136 years (timescale 1, duration 0xfffffffe). */
function mp4WithHugeDuration(): Buffer {
  const b = fixture('tiny-h264.mp4');
  const start = b.indexOf('mvhd', 0, 'latin1') + 4;
  b.writeUInt32BE(1, start + 12);
  b.writeUInt32BE(0xfffffffe, start + 16);
  return b;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function upload(bytes: Uint8Array, name: string, url = '/api/media', cookie = t.admin) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(`${t.base}${url}`, { method: 'POST', body: form, headers: { cookie } });
  return { status: r.status, body: await r.json() };
}
const listDir = (sub: string) => (fs.existsSync(path.join(t.dir, sub)) ? fs.readdirSync(path.join(t.dir, sub)).sort() : []);

/** The store file as the next start would load it. */
async function reopened() {
  const again = await openLowdbStore(t.dir);
  try {
    return again.list('media');
  } finally {
    await again.close();
  }
}

describe('absurd video header numbers', () => {
  it.each<[string, () => Buffer, string]>([
    ['a WebM Duration of 1e300', () => webmWithDuration(1e300), 'long.webm'],
    ['a WebM Duration past 24 h', () => webmWithDuration(25 * 3600 * 1000), 'day.webm'],
    ['an MP4 mvhd of ~136 years', mp4WithHugeDuration, 'long.mp4'],
  ])('%s is stored without a duration, and the store still loads', async (_name, make, name) => {
    const r = await upload(make(), name);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'video', width: 320, height: 180 });
    expect(r.body.durationMs).toBeUndefined();
    expect((await reopened()).find((m) => m.id === r.body.id)?.durationMs).toBeUndefined();
  });

  it.each([0xffff, 16385])('a WebM PixelWidth of %d is refused with 422 and leaves nothing behind', async (width) => {
    const before = listDir('media');
    const r = await upload(webmWithWidth(width), 'wide.webm');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('corrupt_video');
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(listDir('media')).toEqual(before);
    expect(listDir('tmp')).toEqual([]);
  });

  it('a record the store would refuse is answered 422 bad_media_record, and nothing is stored', async () => {
    const before = listDir('media');
    const count = t.store.list('media').length;
    probeOverride.fn = (p) => ({ ...p, durationMs: 1.5 });
    try {
      const r = await upload(webmWithDuration(1234), 'odd.webm');
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('bad_media_record');
      expect(r.body.error.message).toContain('durationMs');
    } finally {
      probeOverride.fn = undefined;
    }
    expect(t.store.list('media')).toHaveLength(count);
    expect(listDir('media')).toEqual(before);
    expect(listDir('tmp')).toEqual([]);
    expect(await reopened()).toHaveLength(count);
  });
});

describe('posters of videos in approved slides', () => {
  const frame = (c: string) => sharp({ create: { width: 64, height: 36, channels: 3, background: c } }).png().toBuffer();

  it('an editor may not change them (403), an admin may; unapproved use is the editor\'s', async () => {
    const editor = await t.userCookie('editor');
    const v = (await upload(webmWithDuration(1500), 'poster.webm')).body;
    const draft = await t.create('/api/slides', { type: 'video', title: '草稿宣传片', mediaId: v.id });
    expect((await upload(await frame('#f00'), 'a.png', `/api/media/${v.id}/poster`, editor)).status).toBe(200);

    const approved = await t.create('/api/slides', { type: 'video', title: '已审宣传片', mediaId: v.id });
    expect((await t.request('POST', `/api/slides/${approved.id}/approve`, undefined, { cookie: t.admin })).status).toBe(200);
    const before = t.store.get('slides', approved.id);
    const refused = await upload(await frame('#0f0'), 'b.png', `/api/media/${v.id}/poster`, editor);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('管理员');
    expect(refused.body.error.message).toContain('已审宣传片');
    expect(t.store.get('slides', approved.id)).toEqual(before);
    expect(listDir('tmp')).toEqual([]);

    const byAdmin = await upload(await frame('#00f'), 'c.png', `/api/media/${v.id}/poster`);
    expect(byAdmin.status).toBe(200);
    expect(t.store.get('slides', approved.id)?.posterUrl).toBe(byAdmin.body.posterUrl);
    expect(t.store.get('slides', draft.id)?.posterUrl).toBe(byAdmin.body.posterUrl);
  });
});

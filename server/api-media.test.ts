/** The media pipeline through the real app: accepted formats, refused inputs that leave nothing behind, dedup, posters, usage. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

const FIXTURES = path.join(import.meta.dirname, 'media', 'fixtures');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

let t: TestServer;
let admin: { cookie: string };
beforeAll(async () => {
  t = await startTestServer();
  admin = { cookie: t.admin };
});
afterAll(() => t.close());

async function upload(bytes: Uint8Array, name: string, url = '/api/media', cookie = t.admin) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(`${t.base}${url}`, { method: 'POST', body: form, headers: { cookie } });
  return { status: r.status, body: await r.json() };
}
const fetchBytes = async (url: string, cookie?: string) => Buffer.from(await (await fetch(t.base + url, { headers: cookie ? { cookie } : {} })).arrayBuffer());
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const listDir = (sub: string) => (fs.existsSync(path.join(t.dir, sub)) ? fs.readdirSync(path.join(t.dir, sub)).sort() : []);

/** A noisy RGB image, so encoders cannot shrink it to nothing. */
function noise(width: number, height: number) {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** A PNG chunk with its length and (correct) CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

describe('accepted formats', () => {
  it.each<[string, () => Promise<Buffer>, string]>([
    ['JPEG', () => noise(300, 200).jpeg().toBuffer(), 'image/jpeg'],
    ['PNG', () => noise(300, 200).png().toBuffer(), 'image/png'],
    ['WebP', () => noise(300, 200).webp().toBuffer(), 'image/webp'],
    ['AVIF', () => noise(300, 200).avif({ effort: 0 }).toBuffer(), 'image/avif'],
    ['GIF', () => noise(300, 200).gif().toBuffer(), 'image/gif'],
  ])('stores a %s with WebP renditions whose sha256 matches the served bytes', async (_name, make, mime) => {
    const r = await upload(await make(), 'x.bin');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'image', mime, width: 300, height: 200, tags: [], usage: 0, usedBy: [] });
    expect(r.body.renditions.length).toBeGreaterThan(0);
    for (const rend of r.body.renditions) {
      expect(rend.width).toBeLessThanOrEqual(300); // never upscaled
      const bytes = await fetchBytes(rend.url);
      expect(sha256(bytes)).toBe(rend.sha256);
      expect(bytes.length).toBe(rend.bytes);
      expect((await sharp(bytes).metadata()).format).toBe('webp');
    }
    expect((await sharp(await fetchBytes(r.body.thumbnailUrl)).metadata()).width).toBeLessThanOrEqual(320);
    // The original (metadata and all) is for staff: fetched with the session.
    expect(sha256(await fetchBytes(r.body.url, t.admin))).toBe(r.body.sha256);
  });

  it('makes one rendition per screen width in use below the image width, plus the full width', async () => {
    const r = await upload(await noise(2400, 600).jpeg().toBuffer(), 'wide.jpg');
    // Demo screens: 1920 wide TVs/walls and kiosks, 320 wide strips.
    expect(r.body.renditions.map((x: { width: number }) => x.width)).toEqual([2400, 1920, 320]);
  });

  it('turns a JPEG upright from its EXIF orientation and strips the metadata', async () => {
    const jpeg = await noise(80, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const r = await upload(jpeg, 'phone.jpg');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ width: 40, height: 80 });
    const meta = await sharp(await fetchBytes(r.body.renditions[0].url)).metadata();
    expect([meta.width, meta.height]).toEqual([40, 80]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it.each([
    ['an H.264 MP4', 'tiny-h264.mp4', 'video/mp4'],
    ['a VP9 WebM', 'tiny-vp9.webm', 'video/webm'],
  ])('stores %s with its duration and size read from the container', async (_name, file, mime) => {
    const r = await upload(fixture(file), file);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'video', mime, width: 320, height: 180, durationMs: 2000, thumbnailUrl: '', renditions: [] });
    expect(r.body.url).toMatch(new RegExp(`^/media/${r.body.sha256}/original\\.(mp4|webm)$`));
  });
});

describe('refused inputs get a 4xx and leave nothing behind', () => {
  const truncatedJpeg = async () => {
    const full = await noise(400, 300).jpeg().toBuffer();
    return full.subarray(0, Math.floor(full.length / 2));
  };
  const badCrcPng = async () => {
    const png = Buffer.from(await noise(64, 64).png().toBuffer());
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const crcAt = idat + 4 + png.readUInt32BE(idat - 4);
    png[crcAt] = png[crcAt]! ^ 0xff;
    return png;
  };
  /** 50,000 × 50,000 declared in the header; only a few bytes exist. */
  const bombPng = async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(50_000, 0);
    ihdr.writeUInt32BE(50_000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
  };
  const truncatedMp4 = async () => {
    const mp4 = Buffer.from(fixture('tiny-h264.mp4'));
    return mp4.subarray(0, mp4.length - 400); // moov sits at the end
  };

  it.each<[string, () => Promise<Uint8Array>, string, number, string]>([
    ['a truncated JPEG', truncatedJpeg, 'cut.jpg', 422, 'corrupt_image'],
    ['a PNG with a bad CRC', badCrcPng, 'crc.png', 422, 'corrupt_image'],
    ['a 50,000×50,000 PNG', bombPng, 'bomb.png', 413, 'too_many_pixels'],
    ['an SVG with a script', async () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg', 415, 'unsupported_media'],
    ['a renamed .exe', async () => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(2000, 7)]), 'photo.jpg', 415, 'unsupported_media'],
    ['a zero-byte file', async () => new Uint8Array(0), 'empty.png', 400, 'empty_file'],
    ['an MP4 cut before its moov box', truncatedMp4, 'cut.mp4', 422, 'corrupt_video'],
  ])('%s', async (_name, make, filename, status, code) => {
    const mediaBefore = listDir('media');
    const count = t.store.list('media').length;
    const r = await upload(await make(), filename);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(listDir('media')).toEqual(mediaBefore);
    expect(listDir('tmp')).toEqual([]);
    expect(t.store.list('media').length).toBe(count);
  });

  it('a poster that is not an image is refused and leaves nothing behind', async () => {
    const video = await upload(fixture('tiny-h264.mp4'), 'v.mp4');
    const before = listDir(`media/${video.body.sha256}`);
    const r = await upload(new TextEncoder().encode('<svg><script>x</script></svg>'), 'p.svg', `/api/media/${video.body.id}/poster`);
    expect(r.status).toBe(415);
    expect(listDir(`media/${video.body.sha256}`)).toEqual(before);
    expect(listDir('tmp')).toEqual([]);
  });
});

describe('library', () => {
  it('stores the same file once and answers with the existing media', async () => {
    const png = await noise(120, 90).png().toBuffer();
    const a = await upload(png, 'a.png');
    const dirs = listDir('media');
    const b = await upload(png, 'b.png');
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(listDir('media')).toEqual(dirs);
    expect(t.store.list('media').filter((m) => m.sha256 === a.body.sha256)).toHaveLength(1);
    expect(listDir('tmp')).toEqual([]);
  });

  it('gives a hall that cannot see the first upload of the same bytes its own record, and each hall deletes only its own', async () => {
    const [a, b] = [await t.makeHall('同图甲厅'), await t.makeHall('同图乙厅')];
    const cookieOf = async (name: string, hallId: string) => {
      await t.create('/api/users', { username: name, password: 'same-bytes-pass-1', role: 'editor', hallIds: [hallId] });
      return t.login(name, 'same-bytes-pass-1');
    };
    const [editorA, editorB] = [await cookieOf('same-bytes-a', a.hall.id), await cookieOf('same-bytes-b', b.hall.id)];
    const png = await noise(64, 48).png().toBuffer();
    const first = await upload(png, '甲厅.png', '/api/media', editorA);
    const second = await upload(png, '乙厅.png', '/api/media', editorB);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body).toMatchObject({ name: '乙厅.png', ownerHallIds: [b.hall.id], sha256: first.body.sha256, url: first.body.url });
    expect((await t.request('GET', `/api/media/${first.body.id}`, undefined, { cookie: editorB })).status).toBe(404);
    expect((await upload(png, '甲厅再传.png', '/api/media', editorA)).body.id).toBe(first.body.id);
    // Hall A deletes its record: hall B's picture still has its files.
    expect((await t.request('DELETE', `/api/media/${first.body.id}`, undefined, { cookie: editorA })).status).toBe(204);
    expect((await fetch(t.base + second.body.url, { headers: { cookie: editorB } })).status).toBe(200);
    expect((await t.request('DELETE', `/api/media/${second.body.id}`, undefined, { cookie: editorB })).status).toBe(204);
    expect(listDir('media')).not.toContain(first.body.sha256);
  });

  it('PATCH renames and tags; GET filters by ?q= (name or tag) and ?kind=', async () => {
    const m = (await upload(await noise(50, 50).png().toBuffer(), 'x.png')).body;
    const r = await t.request('PATCH', `/api/media/${m.id}`, { name: '春节海报', tags: ['节日', '节日', '迎春活动'] }, admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: '春节海报', tags: ['节日', '迎春活动'] });
    const ids = async (qs: string) => (await t.request('GET', `/api/media${qs}`, undefined, admin)).body.map((x: { id: string }) => x.id);
    expect(await ids(`?q=${encodeURIComponent('海报')}`)).toEqual([m.id]);
    expect(await ids(`?q=${encodeURIComponent('迎春')}`)).toEqual([m.id]);
    expect(await ids('?kind=video')).not.toContain(m.id);
    expect(await ids('?kind=image')).toContain(m.id);
    expect((await t.request('GET', '/api/media?kind=audio', undefined, admin)).status).toBe(400);
    expect((await t.request('PATCH', `/api/media/${m.id}`, { name: '' }, admin)).status).toBe(400);
    expect((await t.request('PATCH', `/api/media/${m.id}`, { url: '/evil' }, admin)).status).toBe(400);
    expect((await t.request('PATCH', '/api/media/med_nope', { name: 'x' }, admin)).status).toBe(404);
  });

  it('refuses to delete media a slide uses, naming the slide; deletes unused media and its files', async () => {
    const m = (await upload(await noise(70, 70).png().toBuffer(), 'used.png')).body;
    const slide = await t.create('/api/slides', { type: 'image', title: '用电宣传海报', mediaId: m.id });
    const listed = (await t.request('GET', `/api/media/${m.id}`, undefined, admin)).body;
    expect(listed).toMatchObject({ usage: 1, usedBy: [{ id: slide.id, title: '用电宣传海报' }] });
    const refused = await t.request('DELETE', `/api/media/${m.id}`, undefined, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('用电宣传海报');
    expect(listDir('media')).toContain(m.sha256);

    expect((await t.request('DELETE', `/api/slides/${slide.id}`, undefined, admin)).status).toBe(204);
    expect((await t.request('DELETE', `/api/media/${m.id}`, undefined, admin)).status).toBe(204);
    expect(listDir('media')).not.toContain(m.sha256);
    expect((await t.request('GET', `/api/media/${m.id}`, undefined, admin)).status).toBe(404);
  });
});

describe('video slides and posters', () => {
  it('a video slide takes its duration, URL and poster from the media', async () => {
    const v = (await upload(fixture('tiny-vp9.webm'), 'clip.webm')).body;
    const slide = await t.create('/api/slides', { type: 'video', title: '宣传片', mediaId: v.id });
    expect(slide).toMatchObject({ mediaUrl: v.url, durationMs: 2000 });
    expect(slide.posterUrl).toBeUndefined();
    const own = await t.create('/api/slides', { type: 'video', title: '宣传片（循环）', mediaId: v.id, durationMs: 6000 });
    expect(own.durationMs).toBe(6000);

    const frame = await sharp({ create: { width: 2560, height: 1440, channels: 3, background: '#c33' } }).png().toBuffer();
    const r = await upload(frame, 'frame.png', `/api/media/${v.id}/poster`);
    expect(r.status).toBe(200);
    expect(r.body.posterUrl).toMatch(new RegExp(`^/media/${v.sha256}/poster-[0-9a-f]{16}\\.webp$`));
    expect(r.body.thumbnailUrl).toMatch(/thumb-[0-9a-f]{16}\.webp$/);
    expect((await sharp(await fetchBytes(r.body.posterUrl)).metadata()).width).toBe(1920);
    expect((await sharp(await fetchBytes(r.body.thumbnailUrl)).metadata()).width).toBe(320);
    // Slides saved before the poster existed pick it up.
    expect((await t.request('GET', `/api/slides/${slide.id}`, undefined, admin)).body.posterUrl).toBe(r.body.posterUrl);
    const later = await t.create('/api/slides', { type: 'video', title: '宣传片 2', mediaId: v.id });
    expect(later.posterUrl).toBe(r.body.posterUrl);
  });

  it('a video slide must name a video', async () => {
    const img = (await upload(await noise(40, 40).png().toBuffer(), 'i.png')).body;
    const r = await t.request('POST', '/api/slides', { type: 'video', title: 'x', mediaId: img.id }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('unknown_media');
    const poster = await upload(await noise(40, 40).png().toBuffer(), 'p.png', `/api/media/${img.id}/poster`);
    expect(poster.status).toBe(400);
    expect(listDir('tmp')).toEqual([]);
  });
});

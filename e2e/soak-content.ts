/**
 * Content for soak runs, made through the real API: a hall of its own with one 1920×1080 TV, four
 * full-HD pictures (JPEG and PNG, each different, so every image slide decodes and uploads anew),
 * the text slide types, optionally a video, one playlist, one always-on schedule. Shared by the
 * short spec (e2e/soak.e2e.ts) and the long bench (bench/soak.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** Slide duration as stored; the player runs it at `?timeScale=`. */
export const SOAK_SLIDE_MS = 10_000;

export interface SoakContent {
  playerUrl: string;
  screenId: string;
  slideIds: string[];
  /** Slide types in loop order, for the report. */
  types: string[];
}

type Api = (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>;

async function json<T>(res: Promise<Response>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A busy full-HD picture (gradient + noise), so decoding and upload cost what a real photo costs. */
async function picture(i: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const width = 1920;
  const height = 1080;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1234 + i * 7919;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const o = (y * width + x) * 3;
      raw[o] = (x * 255) / width + (seed & 15);
      raw[o + 1] = (y * 255) / height + ((seed >> 4) & 15);
      raw[o + 2] = (i * 60 + ((seed >> 8) & 31)) & 255;
    }
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? img.jpeg({ quality: 85 }).toBuffer() : img.png({ compressionLevel: 3 }).toBuffer();
}

async function upload(baseUrl: string, cookie: string, name: string, bytes: Buffer, type: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${baseUrl}/api/media`, { method: 'POST', headers: { cookie }, body: form });
  if (res.status >= 300) throw new Error(`upload ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/**
 * Creates the soak hall, screen and loop. `video` adds a video slide from e2e/fixtures/clip-a.mp4
 * when the file exists (only pass it once the player can show video).
 */
export async function createSoakContent(baseUrl: string, password: string, opts: { video?: boolean; tag?: string } = {}): Promise<SoakContent> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const api: Api = (p, init = {}) =>
    fetch(`${baseUrl}${p}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { cookie, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const tag = opts.tag ?? 'soak';

  const hall = await json<{ id: string }>(api('/api/halls', { body: { name: `浸泡测试营业厅 ${tag}` } }), 'hall');
  // Exhibition area: no queue board or call banner takes a share of the screen.
  const screen = await json<{ id: string; playerUrl: string }>(api('/api/screens', { body: { name: `浸泡测试屏 ${tag}`, hallId: hall.id, area: 'exhibition', kind: 'tv' } }), 'screen');

  const mediaIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const format = i % 2 === 0 ? 'jpeg' : 'png';
    mediaIds.push(await upload(baseUrl, cookie, `soak-${tag}-${i}.${format === 'jpeg' ? 'jpg' : 'png'}`, await picture(i, format), `image/${format}`));
  }
  const text = [
    { type: 'notice', title: '停电检修通知', body: '因线路检修，本周六 8:00–12:00 城东片区计划停电，请提前做好准备。给您带来不便，敬请谅解。', level: 'important' },
    { type: 'priceTable', title: '居民阶梯电价', tiers: [{ name: '第一档', range: '0–2760 千瓦时/年', price: '0.4883 元' }, { name: '第二档', range: '2761–4800 千瓦时/年', price: '0.5383 元' }, { name: '第三档', range: '4800 千瓦时/年以上', price: '0.7883 元' }], note: '以上价格含税' },
    { type: 'safetyTip', title: '安全用电小贴士', tips: ['不要私拉乱接电线', '雷雨天气远离变压器', '发现电线落地请拨打 95598'] },
    { type: 'welcome', title: '欢迎光临', hallName: '浸泡测试营业厅', slogan: '你用电·我用心' },
  ];
  const inputs: Record<string, unknown>[] = [];
  // Interleave pictures and text, so each image slide follows a text slide (no texture shared between neighbours).
  for (let i = 0; i < 4; i++) {
    inputs.push({ type: 'image', title: `宣传图 ${i + 1}`, mediaId: mediaIds[i], fit: i % 2 === 0 ? 'contain' : 'cover' });
    inputs.push(text[i]!);
  }
  const clip = path.resolve(import.meta.dirname, 'fixtures', 'clip-a.mp4');
  if (opts.video && existsSync(clip)) {
    const videoId = await upload(baseUrl, cookie, `soak-${tag}.mp4`, readFileSync(clip), 'video/mp4');
    inputs.push({ type: 'video', title: '宣传视频', mediaId: videoId, fit: 'contain' });
  }

  const slideIds: string[] = [];
  for (const input of inputs) {
    const slide = await json<{ id: string }>(api('/api/slides', { body: { ...input, durationMs: SOAK_SLIDE_MS, transition: 'fade' } }), `slide ${String(input.type)}`);
    await json(api(`/api/slides/${slide.id}/approve`, { body: {} }), 'approve');
    slideIds.push(slide.id);
  }
  const playlist = await json<{ id: string }>(api('/api/playlists', { body: { name: `浸泡测试 ${tag}`, items: slideIds.map((slideId) => ({ slideId })) } }), 'playlist');
  await json(api('/api/schedules', { body: { name: `浸泡测试 ${tag}`, target: { screenIds: [screen.id] }, playlistId: playlist.id, priority: 50 } }), 'schedule');
  return { playerUrl: screen.playerUrl, screenId: screen.id, slideIds, types: inputs.map((i) => String(i.type)) };
}

/** The screen's playerUrl with the accelerated clock of the soak hook. */
export function acceleratedUrl(playerUrl: string, timeScale: number): string {
  const url = new URL(playerUrl);
  url.searchParams.set('test', '1');
  url.searchParams.set('timeScale', String(timeScale));
  return url.toString();
}

/**
 * Demo artwork for the seeded hall: posters drawn as SVG shapes (no text, so no fonts are needed),
 * rendered by sharp at 1920×1080 and ingested through the real pipeline, then shown by image slides
 * in a playlist that the exhibition area plays alongside the default loop.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Media, Slide } from '../../content/model';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { createFsMediaStore } from './fs-media-store';
import type { MediaStore } from './media-store';
import { ingestMedia, type StoredMedia } from './pipeline';

const W = 1920;
const H = 1080;

/** Blue sky, sun, pylons and sagging lines over green hills: "a strong grid". */
const GRID_ART = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b3d91"/><stop offset="0.6" stop-color="#1e88e5"/><stop offset="1" stop-color="#b3e5fc"/></linearGradient>
    <linearGradient id="hill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#43a047"/><stop offset="1" stop-color="#1b5e20"/></linearGradient>
    <radialGradient id="sun"><stop offset="0" stop-color="#fff8e1"/><stop offset="1" stop-color="#ffca28" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  <circle cx="1520" cy="260" r="260" fill="url(#sun)"/>
  <circle cx="1520" cy="260" r="90" fill="#fffde7"/>
  <path d="M0 820 Q 400 700 800 800 T 1920 760 V 1080 H 0 Z" fill="url(#hill)"/>
  <path d="M0 900 Q 500 820 1000 900 T 1920 880 V 1080 H 0 Z" fill="#2e7d32"/>
  ${[260, 860, 1460]
    .map((x) => `<g stroke="#eceff1" stroke-width="10" fill="none" stroke-linejoin="round">
    <path d="M${x - 70} 860 L${x} 380 L${x + 70} 860 M${x - 55} 760 L${x + 55} 760 M${x - 40} 640 L${x + 40} 640 M${x - 28} 520 L${x + 28} 520"/>
    <path d="M${x - 120} 460 H${x + 120} M${x - 90} 560 H${x + 90}"/></g>`)
    .join('\n  ')}
  <g stroke="#cfd8dc" stroke-width="4" fill="none">
    <path d="M-40 470 Q 110 540 140 460 Q 560 560 980 460 Q 1160 540 1580 460 Q 1760 540 1960 470"/>
    <path d="M-40 570 Q 110 630 170 560 Q 560 650 950 560 Q 1160 630 1550 560 Q 1760 630 1960 570"/>
  </g>
</svg>`;

/** A green leaf and a lightning bolt on concentric rings: "save electricity". */
const SAVE_ART = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs>
    <radialGradient id="bg" cx="0.5" cy="0.5" r="0.8"><stop offset="0" stop-color="#e8f5e9"/><stop offset="1" stop-color="#00796b"/></radialGradient>
    <linearGradient id="leaf" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#9ccc65"/><stop offset="1" stop-color="#2e7d32"/></linearGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#bg)"/>
  ${[520, 420, 320, 220].map((r, i) => `<circle cx="960" cy="540" r="${r}" fill="none" stroke="#ffffff" stroke-opacity="${0.15 + i * 0.1}" stroke-width="14"/>`).join('\n  ')}
  <path d="M960 260 C 1260 300 1320 620 960 820 C 600 620 660 300 960 260 Z" fill="url(#leaf)"/>
  <path d="M960 300 V 800" stroke="#1b5e20" stroke-width="10"/>
  <path d="M1010 360 L 900 560 H 980 L 920 740 L 1060 500 H 975 Z" fill="#ffeb3b" stroke="#f57f17" stroke-width="6" stroke-linejoin="round"/>
  ${Array.from({ length: 14 }, (_, i) => `<circle cx="${120 + i * 130}" cy="${i % 2 ? 980 : 100}" r="${18 + (i % 3) * 8}" fill="#ffffff" fill-opacity="0.35"/>`).join('\n  ')}
</svg>`;

const DEMO_ART = [
  { svg: GRID_ART, name: '坚强电网宣传画.jpg', tags: ['宣传', '演示'], title: '坚强电网 · 点亮万家' },
  { svg: SAVE_ART, name: '节约用电宣传画.jpg', tags: ['节能', '演示'], title: '节约用电 · 从我做起' },
];

export type DemoMedia = StoredMedia & { name: string; tags: string[]; title: string };

/** Renders the demo artwork and ingests it into `media` (default the folder `dataDir/media`) for screens `widths` wide. */
export async function ingestDemoArt(dataDir: string, widths: number[], media: MediaStore = createFsMediaStore(path.join(dataDir, 'media')), tmpDir = path.join(dataDir, 'tmp')): Promise<DemoMedia[]> {
  await mkdir(tmpDir, { recursive: true });
  return Promise.all(
    DEMO_ART.map(async (art) => {
      const tmp = path.join(tmpDir, `seed-${randomUUID()}`);
      await writeFile(tmp, await sharp(Buffer.from(art.svg)).jpeg({ quality: 88 }).toBuffer());
      const result = await ingestMedia(tmp, media, widths);
      if (!('stored' in result)) throw new Error('[seed] demo artwork was refused');
      return { ...result.stored, name: art.name, tags: art.tags, title: art.title };
    }),
  );
}

/** Adds the artwork, an approved image slide for each, their playlist and an exhibition-area schedule. */
export function insertDemoArt(tx: Transaction, art: DemoMedia[], hallId: string, at: string): void {
  if (art.length === 0) return;
  const slides = art.map(({ title, ...stored }) => {
    const media: Media = { ...stored, id: newId('med'), createdAt: at };
    tx.insert('media', media);
    const slide = { type: 'image', id: newId('sld'), title, mediaId: media.id, fit: 'cover', mediaUrl: media.renditions[0]!.url, durationMs: 8000, transition: 'fade', status: 'approved', createdAt: at, updatedAt: at } satisfies Slide;
    return tx.insert('slides', slide);
  });
  const playlist = tx.insert('playlists', { id: newId('pl'), name: '宣传图片轮播', items: slides.map((s) => ({ slideId: s.id })), createdAt: at, updatedAt: at });
  tx.insert('schedules', { id: newId('sch'), name: '展示区宣传图片', target: { hallIds: [hallId], areas: ['exhibition'] }, playlistId: playlist.id, priority: 0, createdAt: at, updatedAt: at });
}

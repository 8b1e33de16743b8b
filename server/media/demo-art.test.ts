import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { seed } from '../seed';
import { openLowdbStore } from '../store/lowdb-store';

it('the demo seed ingests generated artwork through the pipeline, with image slides and a playlist', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-seed-'));
  const store = await openLowdbStore(dir);
  try {
    const t0 = performance.now();
    await seed(store, { fresh: store.created, adminPassword: 'pw', now: Date.now(), dataDir: dir });
    // NOTE: timing is recorded by bench/media-ingest.ts, never asserted in a unit test.
    const ms = performance.now() - t0;
    const media = store.list('media');
    expect(media).toHaveLength(2);
    for (const m of media) {
      expect(m).toMatchObject({ kind: 'image', width: 1920, height: 1080 });
      expect(m.renditions.map((r) => r.width)).toEqual([1920, 320]);
      for (const url of [m.url, m.thumbnailUrl, ...m.renditions.map((r) => r.url)]) expect(fs.existsSync(path.join(dir, url))).toBe(true);
    }
    const images = store.list('slides').filter((s) => s.type === 'image');
    expect(images).toHaveLength(2);
    expect(images.every((s) => s.status === 'approved' && s.mediaUrl?.endsWith('/w1920.webp'))).toBe(true);
    const playlist = store.list('playlists').find((p) => p.name === '宣传图片轮播');
    expect(playlist?.items.map((i) => i.slideId)).toEqual(images.map((s) => s.id));
    expect(store.list('schedules').some((s) => s.playlistId === playlist!.id)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    console.log(`[seed] demo hall with artwork: ${Math.round(ms)} ms`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

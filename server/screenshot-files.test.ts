/** Screenshot files: overlapping saves for one screen must not trip over each other's temp files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { createScreenshotFiles } from './screenshot-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('twelve overlapping saves for one screen all land, leaving no temp files', async () => {
  const files = createScreenshotFiles(path.join(dir, 'screenshots'));
  const image = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#2a6' } }).png().toBuffer();
  const saved = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => files.save('scr_a', image, 1_700_000_000_000 + i)));
  expect(saved.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(Array(12).fill('fulfilled'));
  const names = fs.readdirSync(path.join(dir, 'screenshots', 'scr_a'));
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(names).toContain('latest.webp');
  expect(await files.list('scr_a')).toHaveLength(12);
});

/** The same bytes uploaded twice at once: the copy that finishes second never replaces the owner's folder. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createFsMediaStore } from './fs-media-store';
import { ingestMedia } from './pipeline';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ingestMedia under a concurrent duplicate', () => {
  it('drops its own copy when a record appeared while it was processing, keeping the poster already stored', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hs-race-'));
    dirs.push(root);
    const mediaDir = path.join(root, 'media');
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
    const first = path.join(root, 'up1');
    writeFileSync(first, png);
    const stored = await ingestMedia(first, createFsMediaStore(mediaDir), [1920]);
    if (!('stored' in stored)) throw new Error('first upload should be stored');
    const folder = path.join(mediaDir, stored.stored.sha256);
    writeFileSync(path.join(folder, 'poster-abc.webp'), 'poster');

    // The second upload started before the first had a record (isKnown false) and ends after it has one.
    let asked = 0;
    const second = path.join(root, 'up2');
    writeFileSync(second, png);
    const result = await ingestMedia(second, createFsMediaStore(mediaDir), [1920], () => asked++ > 0);
    expect(result).toEqual({ duplicateOf: stored.stored.sha256 });
    expect(existsSync(path.join(folder, 'poster-abc.webp'))).toBe(true);
    expect(existsSync(second)).toBe(false);
    mkdirSync(path.join(root, 'tmp'), { recursive: true });
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});

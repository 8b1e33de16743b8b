import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeError, probeVideo } from './video-probe';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const E2E = path.join(import.meta.dirname, '..', '..', 'e2e', 'fixtures');

/** Writes `bytes` to a temp file and returns its path. */
function temp(bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-')), 'v');
  fs.writeFileSync(file, bytes);
  return file;
}

describe('probeVideo() reads duration and size from the container', () => {
  it.each<[string, string, 'mp4' | 'webm', { durationMs: number; width: number; height: number; codec: string }]>([
    ['H.264 MP4 with moov at the end', path.join(FIXTURES, 'tiny-h264.mp4'), 'mp4', { durationMs: 2000, width: 320, height: 180, codec: 'avc1' }],
    ['VP9 WebM', path.join(FIXTURES, 'tiny-vp9.webm'), 'webm', { durationMs: 2000, width: 320, height: 180, codec: 'V_VP9' }],
    ['faststart H.264 MP4 (moov first)', path.join(E2E, 'clip-a.mp4'), 'mp4', { durationMs: 1520, width: 640, height: 360, codec: 'avc1' }],
    ['VP8 WebM', path.join(E2E, 'clip-b.webm'), 'webm', { durationMs: 1520, width: 640, height: 360, codec: 'V_VP8' }],
  ])('%s', async (_name, file, container, expected) => {
    expect(await probeVideo(file, container)).toEqual(expected);
  });

  it('swaps width and height when the track matrix rotates by 90°', async () => {
    const mp4 = Buffer.from(fs.readFileSync(path.join(FIXTURES, 'tiny-h264.mp4')));
    const tkhd = mp4.indexOf('tkhd', 0, 'latin1');
    const size = mp4.readUInt32BE(tkhd - 4);
    const matrix = tkhd - 4 + size - 8 - 36;
    // [a b u; c d v; x y w] = [0 1 0; -1 0 0; …]: a 90° rotation in 16.16 fixed point.
    mp4.writeInt32BE(0, matrix);
    mp4.writeInt32BE(0x10000, matrix + 4);
    mp4.writeInt32BE(-0x10000, matrix + 12);
    mp4.writeInt32BE(0, matrix + 16);
    expect(await probeVideo(temp(mp4), 'mp4')).toMatchObject({ width: 180, height: 320 });
  });

  it.each<[string, () => Buffer, 'mp4' | 'webm']>([
    ['an MP4 without its moov box', () => fs.readFileSync(path.join(FIXTURES, 'tiny-h264.mp4')).subarray(0, 1000), 'mp4'],
    ['a WebM cut inside its header', () => fs.readFileSync(path.join(FIXTURES, 'tiny-vp9.webm')).subarray(0, 60), 'webm'],
    ['a Matroska (not WebM) doc type', () => {
      const b = Buffer.from(fs.readFileSync(path.join(FIXTURES, 'tiny-vp9.webm')));
      const at = b.indexOf('webm', 0, 'latin1');
      b.write('mkv\0', at, 'latin1');
      return b;
    }, 'webm'],
    ['random bytes', () => Buffer.alloc(4096, 0x41), 'mp4'],
  ])('refuses %s with a ProbeError', async (_name, make, container) => {
    await expect(probeVideo(temp(make()), container)).rejects.toBeInstanceOf(ProbeError);
  });
});

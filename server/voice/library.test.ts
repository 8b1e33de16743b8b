/**
 * Two libraries over one recordings folder (a cluster's MEDIA_DIR/.voice): what one records or reverts the
 * other takes on `reload`, to the version and the sample, as a fresh start would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVoiceLibrary } from './library';
import { encodeWav, type WavFormat } from './wav';

const generatedDir = path.resolve(import.meta.dirname, '..', '..', 'content', 'voice');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-voice-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A tone between stretches of silence, stereo 44.1 kHz: conversion (resample, trim, normalise) has work to do. */
function recording(toneMs: number, hz = 330): Buffer {
  const format: WavFormat = { audioFormat: 1, channels: 2, sampleRate: 44100, bitsPerSample: 16 };
  const frames = (ms: number) => Math.round((format.sampleRate * ms) / 1000);
  const pad = frames(150);
  const data = Buffer.alloc((pad * 2 + frames(toneMs)) * 4);
  for (let i = pad; i < pad + frames(toneMs); i++)
    for (let c = 0; c < 2; c++) data.writeInt16LE(Math.round(0.37 * 32767 * Math.sin((2 * Math.PI * hz * i) / format.sampleRate)), (i * 2 + c) * 2);
  return encodeWav(format, data);
}

describe('voice library reload', () => {
  const recordedDir = path.join(root, '.voice');
  const a = openVoiceLibrary({ generatedDir, recordedDir });
  const b = openVoiceLibrary({ generatedDir, recordedDir });

  it('a recording on one library is the other one’s after reload: same version, same WAV bytes', async () => {
    expect(b.version).toBe(a.version);
    const before = a.version;
    await a.record('san', recording(420));
    expect(a.version).not.toBe(before);
    expect(b.reload()).toBe(true);
    expect(b.version).toBe(a.version);
    expect(b.list().find((c) => c.name === 'san')?.source).toBe('recorded');
    expect(b.clipFile('san')!.equals(a.clipFile('san')!)).toBe(true);
    expect(b.render('A023', '3', 1, false).wav.equals(a.render('A023', '3', 1, false).wav)).toBe(true);
    // A third instance starting now reads the same set.
    expect(openVoiceLibrary({ generatedDir, recordedDir }).version).toBe(a.version);
    expect(b.reload()).toBe(false);
  });

  it('a revert on one library is the other one’s after reload', async () => {
    const fresh = openVoiceLibrary({ generatedDir, recordedDir: path.join(root, 'none') }).version;
    expect(await b.revert('san')).toBe(true);
    expect(a.reload()).toBe(true);
    expect(a.version).toBe(b.version);
    expect(a.version).toBe(fresh);
  });

  it('tells onChange the new version after a record or revert, never after a reload', async () => {
    const seen: string[] = [];
    const c = openVoiceLibrary({ generatedDir, recordedDir, onChange: (v) => seen.push(v) });
    await c.record('wu', recording(300, 500));
    await c.revert('wu');
    c.reload();
    expect(seen).toEqual([expect.any(String), c.version]);
    expect(seen[0]).not.toBe(c.version);
  });

  it('adopts the recordings of an older DATA_DIR/voice clip by clip, never overwriting the shared one', async () => {
    const own = path.join(root, 'own-voice');
    const shared = path.join(root, 'shared-voice');
    const ownLib = openVoiceLibrary({ generatedDir, recordedDir: own });
    await ownLib.record('san', recording(400));
    await ownLib.record('wu', recording(400, 520));
    const sharedLib = openVoiceLibrary({ generatedDir, recordedDir: shared });
    await sharedLib.record('wu', recording(250, 610));
    const adopted = openVoiceLibrary({ generatedDir, recordedDir: shared, adoptFrom: own });
    expect(adopted.clipFile('san')!.equals(ownLib.clipFile('san')!)).toBe(true);
    expect(adopted.clipFile('wu')!.equals(sharedLib.clipFile('wu')!)).toBe(true);
  });
});

/**
 * Two app instances sharing one MEDIA_DIR (their own DATA_DIRs) and a bus: the screenshot wall and the recorded
 * voice clips are the same whichever instance the editor talks to, and a call made on either carries the
 * same audioUrl version and plays the same audio (issue 12). Over the memory bus, and over Redis
 * (REDIS_TEST_URL, a random prefix) where the other instance hears of a recording a moment later.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryBus, type Bus } from '../bus';
import { openRedisBus } from '../bus-redis';
import { QUEUE_TOKEN, connectScreen, startTestServer, type TestServer } from '../test-server';
import { encodeWav, type WavFormat } from '../voice/wav';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

const keyOf = (playerUrl: string) => new URL(playerUrl).searchParams.get('key')!;
/** The clip-set version an instance names in its clip URLs. */
const versionOn = async (t: TestServer): Promise<string> => {
  const list = (await t.request('GET', '/api/voice/clips', undefined, { cookie: t.admin })).body as { url: string }[];
  return new URL(list[0]!.url, t.base).searchParams.get('v')!;
};
/** A 300 ms tone between silences, mono 22.05 kHz. */
function tone(): Buffer {
  const format: WavFormat = { audioFormat: 1, channels: 1, sampleRate: 22050, bitsPerSample: 16 };
  const data = Buffer.alloc(22050 * 2);
  for (let i = 4000; i < 4000 + 6615; i++) data.writeInt16LE(Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 22050)), i * 2);
  return encodeWav(format, data);
}
const audio = async (t: TestServer, url: string): Promise<Buffer> => Buffer.from(await (await fetch(t.base + url)).arrayBuffer());

describe.each(['memory', 'redis'] as const)('one MEDIA_DIR shared by two instances (%s bus)', (kind) => {
  const sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-shared-'));
  let a: TestServer;
  let b: TestServer;
  let closeBuses = async (): Promise<void> => {};
  beforeAll(async () => {
    let buses: [Bus, Bus];
    if (kind === 'memory') {
      const bus = createMemoryBus();
      buses = [bus, bus];
    } else {
      const prefix = `hs-test-${randomBytes(4).toString('hex')}:`;
      const redis = [await openRedisBus(REDIS_URL, { prefix, onError: () => {} }), await openRedisBus(REDIS_URL, { prefix, onError: () => {} })] as const;
      buses = [...redis];
      closeBuses = async () => void (await Promise.all(redis.map((r) => r.close().catch(() => {}))));
    }
    a = await startTestServer({ sharedDir, bus: buses[0] });
    b = await startTestServer({ sharedDir, bus: buses[1] });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await closeBuses();
    fs.rmSync(sharedDir, { recursive: true, force: true });
  });

  it('a screenshot uploaded through one instance is listed and served by the other', async () => {
    const h = await a.makeHall('共享截图厅');
    // One installation: the screen's records are in both stores, as a shared database would have them.
    await b.store.transact((tx) => {
      tx.insert('halls', a.store.get('halls', h.hall.id)!);
      tx.insert('screens', a.store.get('screens', h.waiting.id)!);
    });
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 20, g: 90, b: 200 } } }).png().toBuffer();
    const r = await fetch(`${a.base}/api/player/screenshot`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: { 'content-type': 'image/png', 'x-screen-id': h.waiting.id, 'x-screen-key': keyOf(h.waiting.playerUrl) },
    });
    expect(r.status).toBe(201);
    const shot = await r.json();
    const onB = await b.request('GET', `/api/screens/${h.waiting.id}/screenshots`, undefined, { cookie: b.admin });
    expect(onB.body).toEqual([{ at: shot.at, url: shot.url, thumbUrl: shot.thumbUrl, width: 0, height: 0 }]);
    const img = await fetch(b.base + shot.thumbUrl, { headers: { cookie: b.admin } });
    expect(img.status).toBe(200);
    expect(fs.existsSync(path.join(sharedDir, '.screenshots', h.waiting.id, 'latest.webp'))).toBe(true);
    expect(fs.existsSync(path.join(a.dir, 'screenshots'))).toBe(false);
    // The shared folder is also the public media root: its dot folders are not served there.
    expect((await fetch(`${b.base}/media/.screenshots/${h.waiting.id}/latest.webp`)).status).toBe(404);
  });

  it('a clip recorded through one instance: the other reloads, same version in calls, same audio', async () => {
    expect(await versionOn(b)).toBe(await versionOn(a));
    const before = await versionOn(a);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(tone())]), 'rec.wav');
    const put = await fetch(`${a.base}/api/voice/clips/san`, { method: 'PUT', body: form, headers: { cookie: a.admin } });
    expect(put.status).toBe(200);
    const version = await versionOn(a);
    expect(version).not.toBe(before);
    await vi.waitFor(async () => expect(await versionOn(b)).toBe(version), { timeout: 3000, interval: 20 });
    expect(fs.existsSync(path.join(sharedDir, '.voice', 'san.wav'))).toBe(true);
    const call = '/voice/call.wav?ticket=A023&counter=3&repeat=1';
    expect((await audio(b, call)).equals(await audio(a, call))).toBe(true);
    expect((await audio(b, `/voice/clips/san.wav?v=${version}`)).equals(await audio(a, `/voice/clips/san.wav?v=${version}`))).toBe(true);
    // A call made on B is announced with the clip set recorded through A.
    const hall = await b.makeHall('共享语音厅');
    const tv = connectScreen(b.port, hall.waiting.playerUrl);
    try {
      await tv.take('manifest');
      await b.request('POST', '/api/queue/calls', { ticket: 'A023', counter: '3', hallId: hall.hall.id, id: 'shared-voice-1' }, { bearer: QUEUE_TOKEN });
      const { call } = await tv.take('call');
      expect(new URL(call.audioUrl!, b.base).searchParams.get('v')).toBe(version);
      expect((await audio(b, `${call.audioUrl}&repeat=1`)).equals(await audio(a, `${call.audioUrl}&repeat=1`))).toBe(true);
    } finally {
      tv.close();
    }

    const del = await fetch(`${b.base}/api/voice/clips/san`, { method: 'DELETE', headers: { cookie: b.admin } });
    expect(del.status).toBeLessThan(300);
    await vi.waitFor(async () => expect(await versionOn(a)).toBe(before), { timeout: 3000, interval: 20 });
    expect((await audio(a, call)).equals(await audio(b, call))).toBe(true);
  });

  it('an instance starting later reads the shared recordings', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(tone())]), 'rec.wav');
    expect((await fetch(`${a.base}/api/voice/clips/wu`, { method: 'PUT', body: form, headers: { cookie: a.admin } })).status).toBe(200);
    const c = await startTestServer({ sharedDir });
    try {
      expect(await versionOn(c)).toBe(await versionOn(a));
    } finally {
      await c.close();
    }
  });
});

/**
 * Voice: `GET /voice/call.wav` (public) builds one WAV per announcement from the clip set; staff list
 * the clips and replace one with a recording (`PUT /api/voice/clips/:name`) or go back (`DELETE`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSES, VOICE_CLIPS, planCallAudio } from '../content/voice-plan';
import { QUEUE_TOKEN, connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';
import { encodeWav, parseWav, type WavFormat } from './voice/wav';

let t: TestServer;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const fetchWav = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(t.base + url, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};
const clipMs = (name: string): number => parseWav(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'content', 'voice', `${name}.wav`))).durationMs;
/** What the planner says the announcement lasts, from the shipped clips. */
const plannedMs = (ticket: string, counter: string, repeat: number): number =>
  planCallAudio(ticket, counter, repeat).reduce((sum, s) => sum + ('clip' in s ? clipMs(s.clip) : s.silenceMs), 0);

/** A test recording: a tone between stretches of silence, in any format. */
function recording(format: WavFormat, toneMs: number, padMs = 200, amp = 0.4): Buffer {
  const frames = (ms: number) => Math.round((format.sampleRate * ms) / 1000);
  const total = frames(padMs) * 2 + frames(toneMs);
  const bytes = format.bitsPerSample / 8;
  const data = Buffer.alloc(total * format.channels * bytes);
  for (let i = frames(padMs); i < frames(padMs) + frames(toneMs); i++)
    for (let c = 0; c < format.channels; c++) data.writeInt16LE(Math.round(amp * 32767 * Math.sin((2 * Math.PI * 330 * i) / format.sampleRate)), (i * format.channels + c) * bytes);
  return encodeWav(format, data);
}
const STEREO_44K: WavFormat = { audioFormat: 1, channels: 2, sampleRate: 44100, bitsPerSample: 16 };

async function upload(name: string, file: Buffer | string, cookie = t.admin, base = t.base) {
  const form = new FormData();
  form.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), 'rec.wav');
  const res = await fetch(`${base}/api/voice/clips/${name}`, { method: 'PUT', body: form, headers: { cookie } });
  return { status: res.status, body: (await res.json()) as any };
}

describe('GET /voice/call.wav', () => {
  it('answers one valid WAV, no auth needed: mono 16-bit PCM, as long as the plan says', async () => {
    const { res, body } = await fetchWav('/voice/call.wav?ticket=A023&counter=3&repeat=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const wav = parseWav(body);
    expect(wav.format).toMatchObject({ audioFormat: 1, channels: 1, bitsPerSample: 16 });
    expect(body.readUInt32LE(4)).toBe(body.length - 8);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(wav.durationMs).toBeCloseTo(plannedMs('A023', '3', 1), -1);
  });

  it('grows with repeat: each repeat adds the sentence and a pause', async () => {
    const ms = [];
    for (const repeat of [1, 2, 3]) ms.push(parseWav((await fetchWav(`/voice/call.wav?ticket=B105&counter=12&repeat=${repeat}`)).body).durationMs);
    const sentence = plannedMs('B105', '12', 1) - clipMs('chime') - PAUSES.afterChime;
    expect(ms[1]! - ms[0]!).toBeCloseTo(sentence + PAUSES.betweenRepeats, -1);
    expect(ms[2]! - ms[1]!).toBeCloseTo(sentence + PAUSES.betweenRepeats, -1);
    // Without repeat: the default, twice.
    expect(parseWav((await fetchWav('/voice/call.wav?ticket=B105&counter=12')).body).durationMs).toBeCloseTo(ms[1]!, 0);
  });

  it('a longer ticket or counter makes a longer announcement', async () => {
    const short = parseWav((await fetchWav('/voice/call.wav?ticket=A1&counter=3&repeat=1')).body).durationMs;
    const long = parseWav((await fetchWav('/voice/call.wav?ticket=A1234&counter=105&repeat=1')).body).durationMs;
    expect(long).toBeGreaterThan(short + 500);
  });

  it('the audioUrl a call carries plays, with the repeat the player appends', async () => {
    const h = await t.makeHall('语音厅');
    const tv = connectScreen(t.port, h.waiting.playerUrl);
    clients.push(tv);
    await tv.take('manifest');
    await t.request('POST', '/api/queue/calls', { ticket: 'Z999', counter: '1', hallId: h.hall.id, id: 'voice-call-1' }, { bearer: QUEUE_TOKEN });
    const { call } = await tv.take('call');
    const { res, body } = await fetchWav(`${call.audioUrl}&repeat=${call.repeat}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(parseWav(body).durationMs).toBeCloseTo(plannedMs('Z999', '1', 2), -1);
  });

  it('caches by clip-set version: ETag and 304; only a current v is immutable', async () => {
    const list = await t.request('GET', '/api/voice/clips', undefined, { cookie: t.admin });
    const v = new URL(list.body[0].url, t.base).searchParams.get('v');
    const first = await fetchWav(`/voice/call.wav?ticket=A023&counter=3&v=${v}`);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.res.headers.get('cache-control')).toContain('immutable');
    const again = await fetchWav(`/voice/call.wav?ticket=A023&counter=3&v=${v}`, { 'if-none-match': etag });
    expect(again.res.status).toBe(304);
    expect((await fetchWav('/voice/call.wav?ticket=A023&counter=3&v=old')).res.headers.get('cache-control')).toBe('no-cache');
    expect((await fetchWav('/voice/call.wav?ticket=A023&counter=3')).res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers byte ranges (audio elements ask for them)', async () => {
    const whole = (await fetchWav('/voice/call.wav?ticket=A1&counter=2&repeat=1')).body;
    const part = await fetchWav('/voice/call.wav?ticket=A1&counter=2&repeat=1', { range: 'bytes=0-43' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 0-43/${whole.length}`);
    expect(part.body.equals(whole.subarray(0, 44))).toBe(true);
    const tail = await fetchWav('/voice/call.wav?ticket=A1&counter=2&repeat=1', { range: 'bytes=-10' });
    expect(tail.body.equals(whole.subarray(-10))).toBe(true);
    expect((await fetchWav('/voice/call.wav?ticket=A1&counter=2&repeat=1', { range: `bytes=${whole.length + 5}-` })).res.status).toBe(416);
  });

  it.each([
    ['no ticket', 'counter=3'],
    ['no counter', 'ticket=A023'],
    ['a ticket with a space', 'ticket=A%2023&counter=3'],
    ['a ticket of Chinese characters', 'ticket=%E5%8F%B7&counter=3'],
    ['a ticket too long', `ticket=${'A'.repeat(17)}&counter=3`],
    ['a counter too long', `ticket=A1&counter=${'1'.repeat(17)}`],
    ['repeat 0', 'ticket=A1&counter=3&repeat=0'],
    ['repeat 4', 'ticket=A1&counter=3&repeat=4'],
    ['repeat not a number', 'ticket=A1&counter=3&repeat=two'],
    ['two tickets', 'ticket=A1&ticket=A2&counter=3'],
    ['a bad v', 'ticket=A1&counter=3&v=../../x'],
    ['a bad recall', 'ticket=A1&counter=3&recall=yes'],
  ])('refuses %s with 400 JSON', async (_name, query) => {
    const r = await t.request('GET', `/voice/call.wav?${query}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('an unknown voice path is a 404 JSON', async () => {
    const r = await t.request('GET', '/voice/nothing.wav');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toEqual(expect.any(String));
    expect((await t.request('GET', '/voice/clips/nope.wav')).status).toBe(404);
  });
});

describe('clips: list, record, revert', () => {
  it('lists every clip with its label, source and url for staff only', async () => {
    const r = await t.request('GET', '/api/voice/clips', undefined, { cookie: await t.userCookie('editor') });
    expect(r.status).toBe(200);
    expect(r.body.map((c: { name: string }) => c.name)).toEqual(VOICE_CLIPS.map((c) => c.name));
    expect(r.body.find((c: { name: string }) => c.name === 'qing')).toEqual({ name: 'qing', label: '请', source: 'generated', url: expect.stringMatching(/^\/voice\/clips\/qing\.wav\?v=/) });
    const clip = await fetchWav(r.body[1].url);
    expect(parseWav(clip.body).format.channels).toBe(1);
    expect((await t.request('GET', '/api/voice/clips')).status).toBe(401);
  });

  it('a recording replaces a clip (converted to the clip format), changes the version and the announcements; DELETE goes back', async () => {
    const before = await t.request('GET', '/api/voice/clips', undefined, { cookie: t.admin });
    const v0 = new URL(before.body[0].url, t.base).searchParams.get('v');
    const oldCall = await fetchWav('/voice/call.wav?ticket=A023&counter=3&repeat=1');

    const up = await upload('qing', recording(STEREO_44K, 600));
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ name: 'qing', label: '请', source: 'recorded' });
    expect(up.body.url).not.toContain(`v=${v0}`);
    const stored = parseWav(fs.readFileSync(path.join(t.dir, 'voice', 'qing.wav')));
    expect(stored.format).toEqual(parseWav((await fetchWav(before.body[0].url)).body).format);
    // Silence trimmed (a little padding kept): 600 ms of tone, not 1 s.
    expect(stored.durationMs).toBeGreaterThan(590);
    expect(stored.durationMs).toBeLessThan(660);

    const newCall = await fetchWav('/voice/call.wav?ticket=A023&counter=3&repeat=1');
    expect(newCall.res.headers.get('etag')).not.toBe(oldCall.res.headers.get('etag'));
    expect(parseWav(newCall.body).durationMs - parseWav(oldCall.body).durationMs).toBeCloseTo(stored.durationMs - clipMs('qing'), -1);

    expect((await t.request('DELETE', '/api/voice/clips/qing', undefined, { cookie: t.admin })).status).toBe(204);
    const after = await t.request('GET', '/api/voice/clips', undefined, { cookie: t.admin });
    expect(after.body.find((c: { name: string }) => c.name === 'qing').source).toBe('generated');
    expect(new URL(after.body[0].url, t.base).searchParams.get('v')).toBe(v0);
    expect(fs.existsSync(path.join(t.dir, 'voice', 'qing.wav'))).toBe(false);
  });

  it('a recording survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(t.dir, '..', 'hs-voice-'));
    const a = await startTestServer({ dir, removeDir: false });
    expect((await upload('hao', recording(STEREO_44K, 300), a.admin, a.base)).status).toBe(200);
    await a.close({ keepDir: true });
    const b = await startTestServer({ dir, removeDir: true });
    try {
      const r = await b.request('GET', '/api/voice/clips', undefined, { cookie: b.admin });
      expect(r.body.find((c: { name: string }) => c.name === 'hao').source).toBe('recorded');
    } finally {
      await b.close();
    }
  });

  it.each([
    ['an MP3', Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000 not really an mp3'), 400, /WAV/],
    ['a text file', 'hello', 400, /WAV/],
    ['silence', recording(STEREO_44K, 0, 500), 400, /没有声音/],
    ['a recording too long', recording({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 }, 6000), 400, /过长/],
  ])('refuses %s with a Chinese message', async (_name, file, status, message) => {
    const r = await upload('dao', file as Buffer);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
  });

  it('refuses an unknown clip (404), a missing file (400), non-admins (403)', async () => {
    expect((await upload('nope', recording(STEREO_44K, 300))).status).toBe(404);
    const res = await fetch(`${t.base}/api/voice/clips/dao`, { method: 'PUT', body: new FormData(), headers: { cookie: t.admin } });
    expect(res.status).toBe(400);
    expect((await upload('dao', recording(STEREO_44K, 300), await t.userCookie('operator'))).status).toBe(403);
    expect((await t.request('DELETE', '/api/voice/clips/dao', undefined, { cookie: await t.userCookie('editor') })).status).toBe(403);
    expect((await t.request('DELETE', '/api/voice/clips/nope', undefined, { cookie: t.admin })).status).toBe(404);
  });
});

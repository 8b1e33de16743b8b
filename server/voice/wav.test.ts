/** WAV parsing, concatenation and conversion of recordings to the clip format. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOICE_CLIPS } from '../../content/voice-plan';
import { clipFormat, concatWavs, durationMs, encodeWav, parseWav, resample, silence, toMonoFloat, toPcm16, trimSilence, WavError, type WavFormat } from './wav';

const MONO16 = clipFormat(22050);
/** A sine tone as 16-bit PCM in `format` (any channel count). */
function tone(format: WavFormat, ms: number, hz = 440, amp = 0.5): Buffer {
  const frames = Math.round((format.sampleRate * ms) / 1000);
  const bytes = format.bitsPerSample / 8;
  const buf = Buffer.alloc(frames * format.channels * bytes);
  for (let i = 0; i < frames; i++) {
    const v = amp * Math.sin((2 * Math.PI * hz * i) / format.sampleRate);
    for (let c = 0; c < format.channels; c++) {
      const off = (i * format.channels + c) * bytes;
      if (format.audioFormat === 3) buf.writeFloatLE(v, off);
      else if (bytes === 2) buf.writeInt16LE(Math.round(v * 32767), off);
      else if (bytes === 3) buf.writeIntLE(Math.round(v * 8388607), off, 3);
      else if (bytes === 1) buf.writeUInt8(Math.round(v * 127 + 128), off);
      else buf.writeInt32LE(Math.round(v * 2147483647), off);
    }
  }
  return buf;
}
const wavOf = (format: WavFormat, ms: number) => parseWav(encodeWav(format, tone(format, ms)));

describe('parseWav()', () => {
  it('reads back what encodeWav wrote: format, data and duration', () => {
    const data = tone(MONO16, 250);
    const wav = parseWav(encodeWav(MONO16, data));
    expect(wav.format).toEqual(MONO16);
    expect(wav.data.equals(data)).toBe(true);
    expect(wav.durationMs).toBeCloseTo(250, 0);
  });

  it('skips chunks it does not know (LIST) and honours the pad byte of odd-sized chunks', () => {
    const plain = encodeWav(MONO16, tone(MONO16, 10));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    withList.writeUInt32LE(withList.length - 8, 4);
    expect(parseWav(withList).data.equals(plain.subarray(44))).toBe(true);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const plain = encodeWav(MONO16, tone(MONO16, 10));
    const fmt = Buffer.alloc(40);
    plain.copy(fmt, 0, 20, 36);
    fmt.writeUInt16LE(0xfffe, 0);
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(1, 24);
    const file = Buffer.concat([plain.subarray(0, 12), Buffer.from('fmt '), Buffer.from([40, 0, 0, 0]), fmt, plain.subarray(36)]);
    expect(parseWav(file).format).toEqual(MONO16);
  });

  it('takes the data a streaming writer left unsized (0xFFFFFFFF)', () => {
    const file = encodeWav(MONO16, tone(MONO16, 20));
    file.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(file).data.length).toBe(file.length - 44);
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0), 'not_wav'],
    ['an MP3', Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000rest of an mp3'), 'not_wav'],
    ['RIFF but not WAVE', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI '), Buffer.alloc(8)]), 'not_wav'],
    ['no fmt chunk', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEdata'), Buffer.alloc(4)]), 'bad_wav'],
    ['no data chunk', encodeWav(MONO16, Buffer.alloc(0)).subarray(0, 36), 'bad_wav'],
  ])('refuses %s', (_name, buf, code) => {
    expect(() => parseWav(buf)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses compressed WAV (ADPCM) with a message that says so', () => {
    const file = encodeWav(MONO16, tone(MONO16, 10));
    file.writeUInt16LE(2, 20);
    expect(() => parseWav(file)).toThrow(WavError);
    expect(() => parseWav(file)).toThrow(/不支持的 WAV 编码/);
  });

  it('drops a trailing partial frame', () => {
    const stereo: WavFormat = { audioFormat: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16 };
    const file = encodeWav(stereo, Buffer.concat([tone(stereo, 10), Buffer.from([1, 2, 3])]));
    expect(parseWav(file).data.length % 4).toBe(0);
  });
});

describe('concatWavs()', () => {
  it('joins clips and pauses: one header, the data lengths add up, so does the duration', () => {
    const a = wavOf(MONO16, 200);
    const b = wavOf(MONO16, 300);
    const out = concatWavs([a, { silenceMs: 100 }, b]);
    expect(out.toString('latin1', 0, 4)).toBe('RIFF');
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out.readUInt32LE(40)).toBe(out.length - 44);
    const parsed = parseWav(out);
    expect(parsed.format).toEqual(MONO16);
    expect(parsed.data.length).toBe(a.data.length + silence(MONO16, 100).length + b.data.length);
    expect(parsed.durationMs).toBeCloseTo(600, 0);
    expect(parsed.data.subarray(0, a.data.length).equals(a.data)).toBe(true);
  });

  it.each([
    ['sample rate', { ...MONO16, sampleRate: 16000 }],
    ['channel count', { ...MONO16, channels: 2 }],
    ['bit depth', { ...MONO16, bitsPerSample: 24 }],
    ['encoding', { ...MONO16, audioFormat: 3 as const, bitsPerSample: 32 }],
  ])('refuses clips that differ in %s, naming both formats', (_name, other) => {
    const call = () => concatWavs([wavOf(MONO16, 50), { silenceMs: 10 }, wavOf(other, 50)]);
    expect(call).toThrow(expect.objectContaining({ code: 'format_mismatch' }));
    expect(call).toThrow(/第 2 个片段/);
  });

  it('refuses an empty list', () => {
    expect(() => concatWavs([{ silenceMs: 10 }])).toThrow(WavError);
  });

  it('8-bit silence is the unsigned midpoint', () => {
    expect([...silence({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 8 }, 1)]).toEqual(new Array(8).fill(128));
  });
});

describe('conversion of recordings', () => {
  it.each([
    ['44.1 kHz stereo 16-bit', { audioFormat: 1, channels: 2, sampleRate: 44100, bitsPerSample: 16 }],
    ['48 kHz mono 24-bit', { audioFormat: 1, channels: 1, sampleRate: 48000, bitsPerSample: 24 }],
    ['16 kHz mono float', { audioFormat: 3, channels: 1, sampleRate: 16000, bitsPerSample: 32 }],
    ['8 kHz mono 8-bit', { audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 8 }],
  ] as [string, WavFormat][])('%s → mono 16-bit at the clip rate, same length', (_name, format) => {
    const src = wavOf(format, 500);
    const mono = resample(toMonoFloat(src), format.sampleRate, MONO16.sampleRate);
    const pcm = toPcm16(mono, 0.7);
    expect(durationMs(MONO16, pcm.length)).toBeCloseTo(500, -1);
    let peak = 0;
    for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
    expect(peak / 32767).toBeCloseTo(0.7, 2);
  });

  it('trimSilence() cuts quiet ends and keeps a little padding', () => {
    const rate = 1000;
    const s = new Float32Array(1000);
    for (let i = 400; i < 600; i++) s[i] = 0.5;
    const t = trimSilence(s, rate, 0.02, 10);
    expect(t.length).toBe(200 + 2 * 10);
    expect(trimSilence(new Float32Array(100), rate).length).toBe(0);
  });
});

describe('the shipped clip set', () => {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'content', 'voice');
  it('has every clip, all mono 16-bit PCM at one sample rate, short and trimmed', () => {
    const formats = new Set<string>();
    for (const { name } of VOICE_CLIPS) {
      const wav = parseWav(readFileSync(path.join(dir, `${name}.wav`)));
      formats.add(JSON.stringify(wav.format));
      expect(wav.format.channels, name).toBe(1);
      expect(wav.format.bitsPerSample, name).toBe(16);
      expect(wav.durationMs, name).toBeGreaterThan(100);
      expect(wav.durationMs, name).toBeLessThan(name === 'chime' ? 2000 : 1200);
      // Trimmed: the first 5 ms are not long silence before the word.
      const head = toMonoFloat({ ...wav, data: wav.data.subarray(0, Math.round(wav.format.sampleRate * 0.03) * 2) });
      expect(Math.max(...head.map(Math.abs)), name).toBeGreaterThan(0.005);
    }
    expect(formats.size).toBe(1);
  });
});

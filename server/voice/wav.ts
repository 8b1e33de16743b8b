/**
 * WAV (RIFF) files in memory: parse, encode, concatenate clips of one format, and convert a staff
 * recording to the clip format (mono, 16-bit PCM, the clip set's sample rate). No dependencies.
 */

export interface WavFormat {
  /** 1 = integer PCM, 3 = IEEE float. */
  audioFormat: 1 | 3;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
}

/** A parsed WAV: its format and the raw sample bytes of its `data` chunk. */
export interface Wav {
  format: WavFormat;
  data: Buffer;
  durationMs: number;
}

/** A WAV we cannot read or combine; `message` is for people (Chinese), `code` for programs. */
export class WavError extends Error {
  constructor(
    readonly code: 'not_wav' | 'bad_wav' | 'unsupported_wav' | 'format_mismatch',
    message: string,
  ) {
    super(message);
  }
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

const bytesPerFrame = (f: WavFormat): number => f.channels * (f.bitsPerSample / 8);

/** Duration of `bytes` of sample data in `format`, in ms. */
export function durationMs(format: WavFormat, bytes: number): number {
  return (bytes / bytesPerFrame(format) / format.sampleRate) * 1000;
}

/** Describes a format for error messages: "22050 Hz, 1 声道, 16 位 PCM". */
export function describeFormat(f: WavFormat): string {
  return `${f.sampleRate} Hz, ${f.channels} 声道, ${f.bitsPerSample} 位${f.audioFormat === WAVE_FORMAT_FLOAT ? '浮点' : ' PCM'}`;
}

const sameFormat = (a: WavFormat, b: WavFormat): boolean =>
  a.audioFormat === b.audioFormat && a.channels === b.channels && a.sampleRate === b.sampleRate && a.bitsPerSample === b.bitsPerSample;

/** Reads a WAV file; throws WavError when it is not one, is damaged, or uses an encoding we do not read. */
export function parseWav(buf: Buffer): Wav {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE')
    throw new WavError('not_wav', '不是 WAV 文件（需要 RIFF/WAVE 格式）');
  let format: WavFormat | undefined;
  let data: Buffer | undefined;
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const declared = buf.readUInt32LE(at + 4);
    const start = at + 8;
    // Streaming writers leave the size at 0 or 0xFFFFFFFF; take what is there.
    const end = Math.min(buf.length, start + declared);
    if (id === 'fmt ') {
      if (end - start < 16) throw new WavError('bad_wav', 'WAV 文件的 fmt 段不完整');
      let code = buf.readUInt16LE(start);
      const channels = buf.readUInt16LE(start + 2);
      const sampleRate = buf.readUInt32LE(start + 4);
      const bitsPerSample = buf.readUInt16LE(start + 14);
      if (code === WAVE_FORMAT_EXTENSIBLE) {
        if (end - start < 26) throw new WavError('bad_wav', 'WAV 文件的扩展 fmt 段不完整');
        code = buf.readUInt16LE(start + 24);
      }
      if (code !== WAVE_FORMAT_PCM && code !== WAVE_FORMAT_FLOAT)
        throw new WavError('unsupported_wav', `不支持的 WAV 编码（格式代码 ${code}）：只接受未压缩的 PCM 或浮点 WAV`);
      const okBits = code === WAVE_FORMAT_PCM ? [8, 16, 24, 32].includes(bitsPerSample) : [32, 64].includes(bitsPerSample);
      if (!okBits) throw new WavError('unsupported_wav', `不支持 ${bitsPerSample} 位采样`);
      if (channels < 1 || channels > 8) throw new WavError('unsupported_wav', `不支持 ${channels} 个声道`);
      if (sampleRate < 4000 || sampleRate > 192_000) throw new WavError('unsupported_wav', `不支持的采样率 ${sampleRate} Hz`);
      format = { audioFormat: code, channels, sampleRate, bitsPerSample };
    } else if (id === 'data') {
      data = declared === 0xffffffff ? buf.subarray(start) : buf.subarray(start, end);
      break;
    }
    if (declared === 0xffffffff) break;
    at = start + declared + (declared % 2);
  }
  if (!format) throw new WavError('bad_wav', 'WAV 文件缺少 fmt 段');
  if (!data) throw new WavError('bad_wav', 'WAV 文件缺少 data 段');
  const frame = bytesPerFrame(format);
  const whole = data.subarray(0, data.length - (data.length % frame));
  return { format, data: whole, durationMs: durationMs(format, whole.length) };
}

/** A canonical 44-byte-header WAV file around `data`. */
export function encodeWav(format: WavFormat, data: Buffer): Buffer {
  const header = Buffer.alloc(44);
  const frame = bytesPerFrame(format);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format.audioFormat, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * frame, 28);
  header.writeUInt16LE(frame, 32);
  header.writeUInt16LE(format.bitsPerSample, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** `ms` of silence in `format` (whole frames). */
export function silence(format: WavFormat, ms: number): Buffer {
  const frames = Math.round((format.sampleRate * Math.max(0, ms)) / 1000);
  const buf = Buffer.alloc(frames * bytesPerFrame(format));
  // 8-bit PCM is unsigned: its silence is 128, not 0.
  if (format.audioFormat === WAVE_FORMAT_PCM && format.bitsPerSample === 8) buf.fill(128);
  return buf;
}

/**
 * One WAV from clips and pauses, in order. Every clip must share one format (the first clip's);
 * a clip in another format is refused, never silently resampled.
 */
export function concatWavs(parts: readonly (Wav | { silenceMs: number })[]): Buffer {
  const clips = parts.filter((p): p is Wav => 'format' in p);
  const format = clips[0]?.format;
  if (!format) throw new WavError('bad_wav', '至少需要一个音频片段');
  clips.forEach((c, i) => {
    if (!sameFormat(c.format, format))
      throw new WavError('format_mismatch', `第 ${i + 1} 个片段的格式（${describeFormat(c.format)}）与第一个（${describeFormat(format)}）不同，不能拼接`);
  });
  return encodeWav(format, Buffer.concat(parts.map((p) => ('format' in p ? p.data : silence(format, p.silenceMs)))));
}

/** Samples of a WAV as floats in [-1, 1], mixed down to mono. */
export function toMonoFloat(wav: Wav): Float32Array {
  const { format, data } = wav;
  const bytes = format.bitsPerSample / 8;
  const frames = Math.floor(data.length / bytesPerFrame(format));
  const out = new Float32Array(frames);
  const read = (off: number): number => {
    if (format.audioFormat === WAVE_FORMAT_FLOAT) return bytes === 4 ? data.readFloatLE(off) : data.readDoubleLE(off);
    switch (bytes) {
      case 1:
        return (data.readUInt8(off) - 128) / 128;
      case 2:
        return data.readInt16LE(off) / 32768;
      case 3:
        return data.readIntLE(off, 3) / 8388608;
      default:
        return data.readInt32LE(off) / 2147483648;
    }
  };
  for (let f = 0, off = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++, off += bytes) sum += read(off);
    out[f] = sum / format.channels;
  }
  return out;
}

/** Linear-interpolation resampling (enough for speech clips; the clip set itself is made at the target rate). */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const n = Math.max(1, Math.round((samples.length * to) / from));
  const out = new Float32Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const i0 = Math.floor(x);
    const a = samples[Math.min(i0, samples.length - 1)] ?? 0;
    const b = samples[Math.min(i0 + 1, samples.length - 1)] ?? 0;
    out[i] = a + (b - a) * (x - i0);
  }
  return out;
}

/** Cuts leading and trailing stretches quieter than `threshold` (of full scale), keeping `padMs` around the sound. */
export function trimSilence(samples: Float32Array, sampleRate: number, threshold = 0.02, padMs = 10): Float32Array {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  if (first === samples.length) return new Float32Array(0);
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < threshold) last--;
  const pad = Math.round((sampleRate * padMs) / 1000);
  return samples.subarray(Math.max(0, first - pad), Math.min(samples.length, last + 1 + pad));
}

/** Float samples to 16-bit PCM, scaled so the loudest sample sits at `peak` (of full scale). */
export function toPcm16(samples: Float32Array, peak = 0.7): Buffer {
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  const gain = max > 0 ? peak / max : 1;
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * gain * 32767))), i * 2);
  return out;
}

/** The clip format: mono 16-bit PCM at `sampleRate`. */
export const clipFormat = (sampleRate: number): WavFormat => ({ audioFormat: 1, channels: 1, sampleRate, bitsPerSample: 16 });

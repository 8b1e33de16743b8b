/**
 * The voice clip set the server builds announcements from: the generated clips shipped in
 * `content/voice/`, each replaceable by a staff recording kept in `recordedDir` (`DATA_DIR/voice/`, or
 * `MEDIA_DIR/.voice/` shared by a cluster). The set has a version (a hash of every clip's samples) that
 * pins cached announcement WAVs; in a cluster every instance must reach the same one (`reload`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLIP_NAMES, VOICE_CLIPS, planCallAudio } from '../../content/voice-plan';
import { HttpError } from '../http-error';
import { clipFormat, concatWavs, describeFormat, encodeWav, parseWav, resample, toMonoFloat, toPcm16, trimSilence, WavError, type Wav, type WavFormat } from './wav';

/** A recording longer than this (after trimming silence) is refused: clips are single words. */
export const MAX_RECORDING_MS = 5000;
/**
 * Rendered announcements kept in memory: every speaker screen of a hall fetches the same one within
 * a second. About 0.5 MB each (12 s at 22 kHz); rendering is a buffer concat, so few are kept.
 */
const RENDER_CACHE = 16;

export interface ClipView {
  name: string;
  label: string;
  source: 'generated' | 'recorded';
  url: string;
}

interface Clip {
  wav: Wav;
  source: 'generated' | 'recorded';
}

/** Converts any readable WAV to the clip format: mono, 16-bit, clip rate, silence trimmed, peak-normalised. */
export function toClip(file: Buffer, format: WavFormat): Wav {
  let wav: Wav;
  try {
    wav = parseWav(file);
  } catch (err) {
    if (err instanceof WavError) throw new HttpError(400, err.code, `${err.message}。请上传 WAV 格式的录音`);
    throw err;
  }
  // Refuse long files before converting: resampling minutes of audio would allocate hundreds of MB.
  if (wav.durationMs > MAX_RECORDING_MS * 5)
    throw new HttpError(400, 'recording_too_long', `录音过长（${(wav.durationMs / 1000).toFixed(1)} 秒）：每个片段只录一个字或词，至多 ${MAX_RECORDING_MS / 1000} 秒`);
  const mono = resample(toMonoFloat(wav), wav.format.sampleRate, format.sampleRate);
  const trimmed = trimSilence(mono, format.sampleRate, 0.02, 15);
  if (trimmed.length === 0) throw new HttpError(400, 'silent_recording', '录音中没有声音（音量过低或全是静音），请重新录制');
  const ms = (trimmed.length / format.sampleRate) * 1000;
  if (ms > MAX_RECORDING_MS)
    throw new HttpError(400, 'recording_too_long', `录音过长（去掉首尾静音后 ${(ms / 1000).toFixed(1)} 秒）：每个片段只录一个字或词，至多 ${MAX_RECORDING_MS / 1000} 秒`);
  const data = toPcm16(trimmed, 0.7);
  return { format, data, durationMs: (data.length / 2 / format.sampleRate) * 1000 };
}

export function openVoiceLibrary(opts: {
  generatedDir: string;
  recordedDir: string;
  /** Older recordings (an instance's own DATA_DIR/voice): copied into `recordedDir` where it has none of that clip. */
  adoptFrom?: string;
  /** After a recording or revert here, with the new version (a cluster tells the other instances). */
  onChange?: (version: string) => void;
  warn?: (msg: string) => void;
}) {
  const { generatedDir, recordedDir } = opts;
  const warn = opts.warn ?? (() => {});
  const onChange = opts.onChange ?? (() => {});
  const generated = new Map<string, Wav>();
  const clips = new Map<string, Clip>();
  let format: WavFormat | undefined;
  let version = 'none';
  const cache = new Map<string, { wav: Buffer; etag: string }>();

  for (const { name } of VOICE_CLIPS) {
    const file = path.join(generatedDir, `${name}.wav`);
    try {
      const wav = parseWav(readFileSync(file));
      format ??= wav.format;
      if (wav.format.sampleRate !== format.sampleRate || wav.format.channels !== 1 || wav.format.bitsPerSample !== 16)
        warn(`[voice] ${file} is ${describeFormat(wav.format)}, not the clip format ${describeFormat(format)}; skipped`);
      else generated.set(name, wav);
    } catch (err) {
      warn(`[voice] cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const clipFmt = format ? clipFormat(format.sampleRate) : undefined;

  const recompute = (): void => {
    const h = createHash('sha256');
    for (const { name } of VOICE_CLIPS) {
      const c = clips.get(name);
      h.update(`${name}:${c?.source ?? 'missing'}:`);
      if (c) h.update(c.wav.data);
    }
    version = h.digest('hex').slice(0, 12);
    cache.clear();
  };

  const loadRecorded = (name: string): Wav | undefined => {
    const file = path.join(recordedDir, `${name}.wav`);
    if (!clipFmt || !existsSync(file)) return undefined;
    try {
      return toClip(readFileSync(file), clipFmt);
    } catch (err) {
      warn(`[voice] recording ${file} unusable (${(err as Error).message}); using the generated clip`);
      return undefined;
    }
  };

  mkdirSync(recordedDir, { recursive: true });
  if (opts.adoptFrom && path.resolve(opts.adoptFrom) !== path.resolve(recordedDir))
    for (const { name } of VOICE_CLIPS) {
      const from = path.join(opts.adoptFrom, `${name}.wav`);
      if (!existsSync(from)) continue;
      try {
        // EXCL: instances upgrading together keep whichever recording landed first, never overwrite it.
        copyFileSync(from, path.join(recordedDir, `${name}.wav`), constants.COPYFILE_EXCL);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') warn(`[voice] cannot adopt ${from}: ${(err as Error).message}`);
      }
    }
  /** Takes every clip from the files: what any instance reading the same folder gets, to the sample. */
  const loadAll = (): void => {
    clips.clear();
    for (const { name } of VOICE_CLIPS) {
      const recorded = loadRecorded(name);
      const gen = generated.get(name);
      if (recorded) clips.set(name, { wav: recorded, source: 'recorded' });
      else if (gen) clips.set(name, { wav: gen, source: 'generated' });
    }
    recompute();
  };
  loadAll();

  const requireClip = (name: string): void => {
    if (!CLIP_NAMES.has(name)) throw new HttpError(404, 'no_such_clip', `没有名为 ${name} 的语音片段`);
  };

  return {
    /** True when every clip is there: only then do calls carry an audioUrl. */
    get available(): boolean {
      return clipFmt !== undefined && clips.size === VOICE_CLIPS.length;
    },
    /** Changes whenever any clip changes; part of every announcement URL and ETag. */
    get version(): string {
      return version;
    },
    list(): ClipView[] {
      return VOICE_CLIPS.map(({ name, label }) => ({
        name,
        label,
        source: clips.get(name)?.source ?? 'generated',
        url: `/voice/clips/${name}.wav?v=${version}`,
      }));
    },
    /** One clip as a WAV file, or undefined for an unknown or missing name. */
    clipFile(name: string): Buffer | undefined {
      const c = clips.get(name);
      return c ? encodeWav(c.wav.format, c.wav.data) : undefined;
    },
    /** The announcement WAV: chime, then the sentence `repeat` times. Cached by (version, inputs). */
    render(ticket: string, counter: string, repeat: number, recall: boolean): { wav: Buffer; etag: string } {
      if (!this.available) throw new HttpError(503, 'voice_unavailable', '语音片段不完整，暂时无法生成播报音频');
      const key = `${version}|${ticket}|${counter}|${repeat}|${recall ? 1 : 0}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const steps = planCallAudio(ticket, counter, repeat, { recall });
      const wav = concatWavs(steps.map((s) => ('clip' in s ? clips.get(s.clip)!.wav : s)));
      const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
      const entry = { wav, etag };
      cache.set(key, entry);
      if (cache.size > RENDER_CACHE) cache.delete(cache.keys().next().value!);
      return entry;
    },
    /** Replaces a clip with a staff recording (converted to the clip format); survives restarts. */
    async record(name: string, file: Buffer): Promise<ClipView> {
      requireClip(name);
      if (!clipFmt) throw new HttpError(503, 'voice_unavailable', '语音片段集缺失，无法确定录音格式');
      const stored = encodeWav(clipFmt, toClip(file, clipFmt).data);
      // Converted once more, as a restart or another instance's reload converts the stored file: the clip
      // (and so the version in every call's audioUrl) is then the same wherever it is read.
      const wav = toClip(stored, clipFmt);
      const target = path.join(recordedDir, `${name}.wav`);
      // A name of its own per upload: two uploads of one clip at once must not share a temp file.
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, stored);
      await rename(tmp, target);
      clips.set(name, { wav, source: 'recorded' });
      recompute();
      onChange(version);
      return this.list().find((c) => c.name === name)!;
    },
    /** Drops a recording: the generated clip speaks again. Returns whether there was a recording. */
    async revert(name: string): Promise<boolean> {
      requireClip(name);
      const had = clips.get(name)?.source === 'recorded';
      await rm(path.join(recordedDir, `${name}.wav`), { force: true });
      const gen = generated.get(name);
      if (gen) clips.set(name, { wav: gen, source: 'generated' });
      else clips.delete(name);
      recompute();
      onChange(version);
      return had;
    },
    /**
     * Reads the recordings again (another instance recorded or reverted one in the shared folder, or its
     * message may have been lost). Returns whether the version changed.
     */
    reload(): boolean {
      const before = version;
      loadAll();
      return version !== before;
    },
  };
}
export type VoiceLibrary = ReturnType<typeof openVoiceLibrary>;

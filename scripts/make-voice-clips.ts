/**
 * Makes the shipped voice clip set in `content/voice/` ONCE, offline; the WAVs are committed, so
 * neither CI nor installs need the tools. Speech comes from espeak-ng's `cmn-latn-pinyin` voice fed
 * with tone-numbered pinyin (never the `cmn` voice: on Debian 12 it reads tone digits in English).
 * The chime is synthesised here. Every clip: mono 16-bit PCM at CLIP_RATE, silence trimmed, short
 * fades against clicks, peak-normalised so clips sound equally loud.
 *
 *   apt-get install -y espeak-ng
 *   npx tsx scripts/make-voice-clips.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VOICE_CLIPS } from '../content/voice-plan';
import { clipFormat, encodeWav, parseWav, resample, toMonoFloat, toPcm16, trimSilence } from '../server/voice/wav';

/** espeak-ng speaks at 22050 Hz; keeping it avoids resampling. */
const CLIP_RATE = 22050;
const OUT = path.resolve(import.meta.dirname, '..', 'content', 'voice');
/** Words per minute: a little slower than espeak's 175 for a noisy hall. */
const SPEED = 140;

/** What espeak-ng is given for each clip: tone-numbered pinyin (5 = neutral tone). Letters as Chinese halls say them. */
const PINYIN: Record<string, string> = {
  qing: 'qing3',
  hao: 'hao4',
  dao: 'dao4',
  chuangkou: 'chuang1 kou3',
  banli: 'ban4 li3',
  chonghu: 'chong2 hu1',
  ling: 'ling2',
  yi: 'yi1',
  er: 'er4',
  san: 'san1',
  si: 'si4',
  wu: 'wu3',
  liu: 'liu4',
  qi: 'qi1',
  ba: 'ba1',
  jiu: 'jiu3',
  shi: 'shi2',
  bai: 'bai3',
  qian: 'qian1',
  'letter-a': 'ei1',
  'letter-b': 'bi1',
  'letter-c': 'xi1',
  'letter-d': 'di1',
  'letter-e': 'yi1',
  'letter-f': 'ai2 fu5',
  'letter-g': 'ji1',
  'letter-h': 'ai1 qi5',
  'letter-i': 'ai4',
  'letter-j': 'zhei1',
  'letter-k': 'kai1',
  'letter-l': 'ai2 lou5',
  'letter-m': 'ai2 mu5',
  'letter-n': 'en1',
  'letter-o': 'ou1',
  'letter-p': 'pi1',
  'letter-q': 'kiu1',
  'letter-r': 'a1 er5',
  'letter-s': 'ai2 si5',
  'letter-t': 'ti1',
  'letter-u': 'you1',
  'letter-v': 'wei1',
  'letter-w': 'da2 bu5 liu5',
  'letter-x': 'ai2 ke5 si5',
  'letter-y': 'wai1',
  'letter-z': 'zei4',
};

/** Short linear fades so a clip never starts or ends with a click. */
function fade(samples: Float32Array, rate: number, inMs = 5, outMs = 12): Float32Array {
  const out = Float32Array.from(samples);
  const fi = Math.min(out.length, Math.round((rate * inMs) / 1000));
  const fo = Math.min(out.length, Math.round((rate * outMs) / 1000));
  for (let i = 0; i < fi; i++) out[i]! *= i / fi;
  for (let i = 0; i < fo; i++) out[out.length - 1 - i]! *= i / fo;
  return out;
}

/** A two-tone "ding-dong" (E5 then C5), bell-like: a few partials with an exponential decay. */
function chime(rate: number): Float32Array {
  const notes = [
    { f: 659.25, at: 0 },
    { f: 523.25, at: 0.42 },
  ];
  const seconds = 1.5;
  const out = new Float32Array(Math.round(rate * seconds));
  const partials = [
    { mul: 1, amp: 1, decay: 0.55 },
    { mul: 2, amp: 0.35, decay: 0.3 },
    { mul: 3, amp: 0.12, decay: 0.18 },
    { mul: 4.2, amp: 0.05, decay: 0.1 },
  ];
  for (const n of notes) {
    const start = Math.round(n.at * rate);
    for (let i = start; i < out.length; i++) {
      const t = (i - start) / rate;
      // A raised-cosine attack: a hard onset would click across the whole spectrum.
      const attack = t >= 0.01 ? 1 : Math.sin((Math.PI / 2) * (t / 0.01)) ** 2;
      let v = 0;
      for (const p of partials) v += p.amp * Math.exp(-t / p.decay) * Math.sin(2 * Math.PI * n.f * p.mul * t);
      out[i]! += attack * v;
    }
  }
  return fade(out, rate, 0, 120);
}

function speak(text: string, tmp: string): Float32Array {
  const file = path.join(tmp, 'clip.wav');
  execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '-s', String(SPEED), '-w', file, text]);
  const wav = parseWav(readFileSync(file));
  const mono = resample(toMonoFloat(wav), wav.format.sampleRate, CLIP_RATE);
  return fade(trimSilence(mono, CLIP_RATE, 0.01, 8), CLIP_RATE);
}

function main(): void {
  const voices = execFileSync('espeak-ng', ['--voices=cmn']).toString();
  if (!voices.includes('cmn-latn-pinyin')) throw new Error('espeak-ng has no cmn-latn-pinyin voice; apt-get install -y espeak-ng');
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'voice-'));
  const format = clipFormat(CLIP_RATE);
  try {
    for (const { name, label } of VOICE_CLIPS) {
      const samples = name === 'chime' ? chime(CLIP_RATE) : speak(PINYIN[name] ?? fail(name), tmp);
      const wav = encodeWav(format, toPcm16(samples, name === 'chime' ? 0.55 : 0.7));
      writeFileSync(path.join(OUT, `${name}.wav`), wav);
      console.log(`${name.padEnd(10)} ${label.padEnd(8)} ${Math.round((samples.length / CLIP_RATE) * 1000)} ms, ${wav.length} bytes`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function fail(name: string): never {
  throw new Error(`no pinyin for clip ${name}`);
}

main();

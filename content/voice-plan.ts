/**
 * What a call announcement says, as a list of short clips the server concatenates into one WAV:
 * 请 A 零 二 三 号 到 十二 号 窗口 办理. The ticket is read character by character (queue halls read
 * 023 as 零二三, never 二十三); a numeric counter is read as a cardinal (12 → 十二, 105 → 一百零五);
 * anything else character by character. Pure: no I/O, no clock.
 */

const DIGITS = ['ling', 'yi', 'er', 'san', 'si', 'wu', 'liu', 'qi', 'ba', 'jiu'] as const;
const DIGIT_LABELS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** Every clip of a voice set: its file name (`<name>.wav`) and what it says, for staff. */
export const VOICE_CLIPS: readonly { name: string; label: string }[] = [
  { name: 'chime', label: '提示音（叮咚）' },
  { name: 'qing', label: '请' },
  { name: 'hao', label: '号' },
  { name: 'dao', label: '到' },
  { name: 'chuangkou', label: '窗口' },
  { name: 'banli', label: '办理' },
  { name: 'chonghu', label: '重呼' },
  ...DIGITS.map((name, i) => ({ name, label: DIGIT_LABELS[i]! })),
  { name: 'shi', label: '十' },
  { name: 'bai', label: '百' },
  { name: 'qian', label: '千' },
  ...LETTERS.map((l) => ({ name: `letter-${l}`, label: l.toUpperCase() })),
];
export const CLIP_NAMES: ReadonlySet<string> = new Set(VOICE_CLIPS.map((c) => c.name));

/** How many times the sentence may be spoken in one WAV. */
export const MAX_REPEAT = 3;
/** The sentence is spoken this often when nobody says otherwise. */
export const DEFAULT_REPEAT = 2;
/** Counters up to this are read as numbers; longer digit strings are read digit by digit. */
const MAX_CARDINAL = 9999;

const digit = (d: number): string => DIGITS[d]!;

/** One character of a ticket or counter: a digit, a letter; anything else (a dash) is not spoken. */
function readChar(ch: string): string[] {
  if (ch >= '0' && ch <= '9') return [digit(ch.charCodeAt(0) - 48)];
  const l = ch.toLowerCase();
  if (l >= 'a' && l <= 'z') return [`letter-${l}`];
  return [];
}

/** Reads a string character by character: A023 → letter-a ling er san. */
export function readChars(text: string): string[] {
  return [...text].flatMap(readChar);
}

/**
 * A whole number 0–9999 as spoken Chinese: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五,
 * 110 → 一百一十, 1005 → 一千零五. Inside a larger number the tens keep their 一 (一百一十), alone they drop it (十二).
 */
export function cardinal(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CARDINAL) throw new RangeError(`cardinal: ${n} is not an integer 0–${MAX_CARDINAL}`);
  if (n === 0) return ['ling'];
  const out: string[] = [];
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor(n / 100) % 10;
  const tens = Math.floor(n / 10) % 10;
  const ones = n % 10;
  let pendingZero = false;
  const place = (d: number, unit: string | undefined): void => {
    if (d === 0) {
      if (out.length > 0) pendingZero = true;
      return;
    }
    if (pendingZero) out.push('ling');
    pendingZero = false;
    // 十二 alone, but 一百一十 / 一千零一十 inside a larger number.
    if (unit === 'shi' && d === 1 && out.length === 0) out.push('shi');
    else out.push(digit(d), ...(unit ? [unit] : []));
  };
  place(thousands, 'qian');
  place(hundreds, 'bai');
  place(tens, 'shi');
  place(ones, undefined);
  return out;
}

/** A counter as spoken: digits only (≤ 9999) as a cardinal, leading zeros ignored (03 → 三); otherwise char by char. */
export function readCounter(counter: string): string[] {
  const c = counter.trim();
  if (/^\d+$/.test(c)) {
    const n = Number(c);
    if (n <= MAX_CARDINAL) return cardinal(n);
  }
  return readChars(c);
}

/** The sentence of one call, as clip names: 请 ‹ticket› 号 到 ‹counter› 号 窗口 办理 (a recall starts with 重呼). */
export function planAnnouncement(ticket: string, counter: string, opts: { recall?: boolean } = {}): string[] {
  return [
    ...(opts.recall ? ['chonghu'] : []),
    'qing',
    ...readChars(ticket.trim()),
    'hao',
    'dao',
    ...readCounter(counter),
    'hao',
    'chuangkou',
    'banli',
  ];
}

/** One step of an announcement WAV: a clip, or silence. */
export type AudioStep = { clip: string } | { silenceMs: number };

/** Pauses, in ms: after the chime, between sentence repeats, between words, inside a ticket or number. */
export const PAUSES = { afterChime: 300, betweenRepeats: 900, betweenWords: 90, withinNumber: 40 } as const;

/**
 * The whole announcement: chime, then the sentence `repeat` times with pauses. Words are grouped so
 * that a ticket and a counter number are read tightly (A零二三) and words are separated a little more.
 */
export function planCallAudio(ticket: string, counter: string, repeat: number = DEFAULT_REPEAT, opts: { recall?: boolean } = {}): AudioStep[] {
  const times = Math.min(MAX_REPEAT, Math.max(1, Math.floor(repeat)));
  const groups: string[][] = [
    ...(opts.recall ? [['chonghu']] : []),
    ['qing'],
    readChars(ticket.trim()),
    ['hao'],
    ['dao'],
    readCounter(counter),
    ['hao'],
    ['chuangkou'],
    ['banli'],
  ].filter((g) => g.length > 0);
  const sentence: AudioStep[] = [];
  groups.forEach((g, gi) => {
    if (gi > 0) sentence.push({ silenceMs: PAUSES.betweenWords });
    g.forEach((clip, ci) => {
      if (ci > 0) sentence.push({ silenceMs: PAUSES.withinNumber });
      sentence.push({ clip });
    });
  });
  const steps: AudioStep[] = [{ clip: 'chime' }, { silenceMs: PAUSES.afterChime }];
  for (let i = 0; i < times; i++) {
    if (i > 0) steps.push({ silenceMs: PAUSES.betweenRepeats });
    steps.push(...sentence);
  }
  return steps;
}

/** The URL a call carries for its audio; the player appends `&repeat=N`. `v` pins the clip set for caching. */
export function callAudioUrl(ticket: string, counter: string, opts: { version?: string; recall?: boolean } = {}): string {
  // NOTE: content/ has no URLSearchParams (no DOM, no Node); tickets and counters are [A-Za-z0-9-] anyway.
  const q = [`ticket=${encodeURIComponent(ticket.toUpperCase())}`, `counter=${encodeURIComponent(counter)}`];
  if (opts.recall) q.push('recall=1');
  if (opts.version) q.push(`v=${encodeURIComponent(opts.version)}`);
  return `/voice/call.wav?${q.join('&')}`;
}

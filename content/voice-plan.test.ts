/** The announcement planner: which clips a call is spoken with. */
import { describe, expect, it } from 'vitest';
import { CLIP_NAMES, MAX_REPEAT, PAUSES, VOICE_CLIPS, callAudioUrl, cardinal, planAnnouncement, planCallAudio, readChars, readCounter } from './voice-plan';

/** Clip names back to the characters they say, so tables read like the sentence. */
const LABEL = new Map(VOICE_CLIPS.map((c) => [c.name, c.label]));
const say = (clips: string[]): string => clips.map((c) => LABEL.get(c) ?? `?${c}`).join(' ');

describe('planAnnouncement() reads the ticket digit by digit and the counter as a number', () => {
  it.each([
    ['A023', '3', '请 A 零 二 三 号 到 三 号 窗口 办理'],
    ['B105', '12', '请 B 一 零 五 号 到 十 二 号 窗口 办理'],
    ['C100', '20', '请 C 一 零 零 号 到 二 十 号 窗口 办理'],
    ['Z999', '1', '请 Z 九 九 九 号 到 一 号 窗口 办理'],
    ['A001', '10', '请 A 零 零 一 号 到 十 号 窗口 办理'],
    ['0007', '105', '请 零 零 零 七 号 到 一 百 零 五 号 窗口 办理'],
    ['a023', '03', '请 A 零 二 三 号 到 三 号 窗口 办理'],
    ['VIP-01', 'B2', '请 V I P 零 一 号 到 B 二 号 窗口 办理'],
    ['A23', 'VIP', '请 A 二 三 号 到 V I P 号 窗口 办理'],
    ['7', '0', '请 七 号 到 零 号 窗口 办理'],
    ['A1', '12345', '请 A 一 号 到 一 二 三 四 五 号 窗口 办理'],
  ])('%s at counter %s → %s', (ticket, counter, expected) => {
    expect(say(planAnnouncement(ticket, counter))).toBe(expected);
  });

  it('a recall starts with 重呼', () => {
    expect(say(planAnnouncement('A023', '3', { recall: true }))).toBe('重呼 请 A 零 二 三 号 到 三 号 窗口 办理');
  });

  it('uses only clips that exist in the clip set', () => {
    for (const ticket of ['ABCDEFGHIJKLM', 'NOPQRSTUVWXYZ', '0123456789', 'a-b-c'])
      for (const counter of ['1', '10', '99', '100', '999', '1000', '9999', 'X-1'])
        for (const clip of planAnnouncement(ticket, counter, { recall: true })) expect(CLIP_NAMES.has(clip), clip).toBe(true);
  });
});

describe('cardinal() speaks whole numbers the way a hall does', () => {
  it.each([
    [0, '零'],
    [1, '一'],
    [3, '三'],
    [10, '十'],
    [11, '十 一'],
    [12, '十 二'],
    [20, '二 十'],
    [21, '二 十 一'],
    [99, '九 十 九'],
    [100, '一 百'],
    [101, '一 百 零 一'],
    [105, '一 百 零 五'],
    [110, '一 百 一 十'],
    [115, '一 百 一 十 五'],
    [120, '一 百 二 十'],
    [999, '九 百 九 十 九'],
    [1000, '一 千'],
    [1005, '一 千 零 五'],
    [1010, '一 千 零 一 十'],
    [1100, '一 千 一 百'],
    [2024, '二 千 零 二 十 四'],
    [9999, '九 千 九 百 九 十 九'],
  ])('%i → %s', (n, expected) => {
    expect(say(cardinal(n))).toBe(expected);
  });

  it.each([-1, 1.5, 10000, Number.NaN])('refuses %s', (n) => {
    expect(() => cardinal(n)).toThrow(RangeError);
  });
});

describe('readCounter() and readChars()', () => {
  it.each([
    ['3', '三'],
    ['003', '三'],
    ['12', '十 二'],
    ['A', 'A'],
    ['3A', '三 A'],
    ['10-2', '一 零 二'],
    ['00000', '零'],
    ['123456', '一 二 三 四 五 六'],
  ])('counter %s → %s', (counter, expected) => {
    expect(say(readCounter(counter))).toBe(expected);
  });

  it('skips characters that are not spoken (dashes)', () => {
    expect(say(readChars('A-0-1'))).toBe('A 零 一');
  });
});

describe('planCallAudio() builds chime + sentence × repeat', () => {
  const clipsOf = (steps: ReturnType<typeof planCallAudio>) => steps.flatMap((s) => ('clip' in s ? [s.clip] : []));

  it('starts with the chime, then a pause, then the sentence', () => {
    const steps = planCallAudio('A023', '3', 1);
    expect(steps[0]).toEqual({ clip: 'chime' });
    expect(steps[1]).toEqual({ silenceMs: PAUSES.afterChime });
    expect(clipsOf(steps)).toEqual(['chime', ...planAnnouncement('A023', '3')]);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [0, 1],
    [7, MAX_REPEAT],
    [2.9, 2],
  ])('repeat %s speaks the sentence %i time(s), with a longer pause between', (repeat, times) => {
    const steps = planCallAudio('B105', '12', repeat);
    const sentence = planAnnouncement('B105', '12');
    expect(clipsOf(steps)).toEqual(['chime', ...Array.from({ length: times }, () => sentence).flat()]);
    expect(steps.filter((s) => 'silenceMs' in s && s.silenceMs === PAUSES.betweenRepeats)).toHaveLength(times - 1);
  });

  it('never puts two pauses or two clips of different words back to back without a pause', () => {
    const steps = planCallAudio('A023', '105', 2);
    for (let i = 1; i < steps.length; i++) expect('silenceMs' in steps[i - 1]! && 'silenceMs' in steps[i]!).toBe(false);
    // Inside the ticket only the short within-number pause separates clips.
    const ticketStart = steps.findIndex((s) => 'clip' in s && s.clip === 'letter-a');
    expect(steps.slice(ticketStart, ticketStart + 7)).toEqual([
      { clip: 'letter-a' },
      { silenceMs: PAUSES.withinNumber },
      { clip: 'ling' },
      { silenceMs: PAUSES.withinNumber },
      { clip: 'er' },
      { silenceMs: PAUSES.withinNumber },
      { clip: 'san' },
    ]);
  });
});

describe('callAudioUrl()', () => {
  it('names ticket and counter, and the clip-set version when given', () => {
    expect(callAudioUrl('a023', '3')).toBe('/voice/call.wav?ticket=A023&counter=3');
    expect(callAudioUrl('A023', '3', { version: 'abc123' })).toBe('/voice/call.wav?ticket=A023&counter=3&v=abc123');
    expect(callAudioUrl('A023', '3', { version: 'abc123', recall: true })).toBe('/voice/call.wav?ticket=A023&counter=3&recall=1&v=abc123');
  });
});

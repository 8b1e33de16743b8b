import { describe, expect, it } from 'vitest';
import { EMERGENCY_TEXTS, emergencyText, outageReady, outageSpan, outageText, presetOf } from './publish-presets';

describe('outage notice times are the hall\'s clock, not the browser\'s', () => {
  it.each<[string, string, string, string, string]>([
    ['one day in Shanghai', '2026-11-27T00:00:00Z', '2026-11-27T09:30:00Z', 'Asia/Shanghai', '11月27日 08:00至17:30'],
    ['across the hall\'s midnight', '2026-11-27T14:00:00Z', '2026-11-27T22:00:00Z', 'Asia/Shanghai', '11月27日 22:00至11月28日 06:00'],
    ['same instants, a hall in UTC−11', '2026-11-27T14:00:00Z', '2026-11-27T22:00:00Z', 'Pacific/Pago_Pago', '11月27日 03:00至11:00'],
  ])('%s', (_name, start, end, tz, words) => {
    expect(outageSpan(start, end, tz)).toBe(words);
  });
});

describe('outageText() builds the words on screen from the fields', () => {
  const base = { region: '城东片区', start: '2026-11-27T00:00:00Z', end: '2026-11-27T09:30:00Z', reason: '', contact: '' };
  it.each<[string, Partial<typeof base>, RegExp]>([
    ['reason with trailing punctuation is trimmed', { reason: '线路检修。' }, /^因线路检修，11月27日 08:00至17:30，城东片区停电。/],
    ['no reason: the sentence starts with the span', {}, /^11月27日 08:00至17:30，城东片区停电。/],
    ['empty contact falls back to 95598', {}, /咨询电话：95598。$/],
    ['a given contact is used', { contact: '0571-1234' }, /咨询电话：0571-1234。$/],
  ])('%s', (_name, patch, body) => {
    const t = outageText({ ...base, ...patch }, 'Asia/Shanghai');
    expect(t.title).toBe('停电通知');
    expect(t.body).toMatch(body);
  });

  it.each<[string, Partial<typeof base>, boolean]>([
    ['all set', {}, true],
    ['no region', { region: ' ' }, false],
    ['no end', { end: '' }, false],
  ])('outageReady: %s', (_name, patch, ready) => {
    expect(outageReady({ ...base, ...patch })).toBe(ready);
  });
});

describe('presets', () => {
  it.each([['outage', 'banner'], ['emergency', 'fullscreen'], ['custom', 'banner']] as const)('%s suggests %s', (key, display) => {
    expect(presetOf(key).display).toBe(display);
  });
  it('every ready-made emergency text has a title and a body', () => {
    for (const t of EMERGENCY_TEXTS) expect(emergencyText(t.key)).toEqual({ title: t.title, body: t.body });
    expect(emergencyText('nope')).toEqual({ title: '', body: '' });
  });
});

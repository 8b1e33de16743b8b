import { describe, expect, it } from 'vitest';
import { composeOutageNotice, outageSpan } from './outage-text';

describe('outage notice times are the hall\'s clock, not the browser\'s', () => {
  it.each<[string, string, string, string, string]>([
    ['one day in Shanghai', '2026-11-27T00:00:00Z', '2026-11-27T09:30:00Z', 'Asia/Shanghai', '11月27日 08:00至17:30'],
    ['across the hall\'s midnight', '2026-11-27T14:00:00Z', '2026-11-27T22:00:00Z', 'Asia/Shanghai', '11月27日 22:00至11月28日 06:00'],
    ['same instants, a hall in UTC−11', '2026-11-27T14:00:00Z', '2026-11-27T22:00:00Z', 'Pacific/Pago_Pago', '11月27日 03:00至11:00'],
  ])('%s', (_name, start, end, tz, words) => {
    expect(outageSpan(start, end, tz)).toBe(words);
  });

  it('puts the span into the body', () => {
    const n = composeOutageNotice({ region: '城东片区', start: '2026-11-27T00:00:00Z', end: '2026-11-27T09:30:00Z', reason: '线路检修。', contact: '' }, 'Asia/Shanghai');
    expect(n.body).toMatch(/^因线路检修，11月27日 08:00至17:30，城东片区停电。.*95598。$/);
  });
});

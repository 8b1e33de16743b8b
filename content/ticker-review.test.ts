import { describe, expect, it } from 'vitest';
import type { Layout, Zone } from './layout-model';
import { DEFAULT_TICKER_TEXT } from './layout-templates';
import { approveTickers, layoutOnAir, pendingTickers } from './ticker-review';

const main: Zone = { id: 'main', name: '主', x: 0, y: 0, w: 1, h: 0.9, content: { type: 'main' } };
const ticker = (text: string): Zone => ({ id: 'ticker', name: '字幕', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'ticker', text, speed: 1.5 } });
const layout = (text: string, approved?: string): Layout => ({
  id: 'lay_1', name: 'L', kind: 'tv', zones: [main, ticker(text)], createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z',
  ...(approved !== undefined && { approvedTickers: { ticker: { text: approved, by: 'li', at: '2026-12-01T00:00:00.000Z' } } }),
});
const tickerText = (l: Layout) => l.zones.find((z) => z.content.type === 'ticker')?.content;

describe('layoutOnAir()', () => {
  it.each([
    ['unreviewed staff text is left out', layout('今日停电'), undefined],
    ['approved text plays', layout('今日停电', '今日停电'), '今日停电'],
    ['an edit waits: the approved text keeps playing', layout('今日停电（改）', '今日停电'), '今日停电'],
    ['built-in template text needs no review', layout(DEFAULT_TICKER_TEXT), DEFAULT_TICKER_TEXT],
  ])('%s', (_name, l, expected) => {
    const out = layoutOnAir(l);
    expect(out.zones.some((z) => z.content.type === 'main')).toBe(true);
    expect((tickerText(out) as { text?: string } | undefined)?.text).toBe(expected);
    expect(out).not.toHaveProperty('approvedTickers');
  });
});

describe('pendingTickers()', () => {
  it.each([
    [layout('a'), [{ text: 'a' }]],
    [layout('a', 'a'), []],
    [layout('b', 'a'), [{ text: 'b', onAir: 'a' }]],
    [layout(DEFAULT_TICKER_TEXT), []],
  ])('%#', (l, expected) => {
    expect(pendingTickers(l).map(({ text, onAir }) => ({ text, ...(onAir && { onAir }) }))).toEqual(expected);
  });

  it('is empty once approveTickers() recorded the current texts', () => {
    const l = layout('b', 'a');
    expect(pendingTickers({ ...l, approvedTickers: approveTickers(l, { by: 'li', at: l.createdAt }) })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { filterMedia, formatClock, parseTags, usageCount } from './media-filter';

const items = [
  { name: '营业厅外景.jpg', kind: 'image' as const, tags: ['外景', '宣传'] },
  { name: 'safety.mp4', kind: 'video' as const, tags: ['安全'] },
  { name: 'QR 网上国网.png', kind: 'image' as const, tags: [] },
];

describe('filterMedia', () => {
  it('matches words in the name or the tags, case-insensitively', () => {
    expect(filterMedia(items, 'qr', '').map((m) => m.name)).toEqual(['QR 网上国网.png']);
    expect(filterMedia(items, '宣传', '').map((m) => m.name)).toEqual(['营业厅外景.jpg']);
  });
  it('needs every word to match and respects the kind', () => {
    expect(filterMedia(items, '安全 safety', 'video')).toHaveLength(1);
    expect(filterMedia(items, '安全', 'image')).toHaveLength(0);
    expect(filterMedia(items, '', 'image')).toHaveLength(2);
  });
});

describe('media helpers', () => {
  it('counts usage given as a number or as a list of slides', () => {
    expect(usageCount(3)).toBe(3);
    expect(usageCount([{ slideId: 'a' }, { slideId: 'b' }])).toBe(2);
    expect(usageCount(undefined)).toBeUndefined();
  });
  it('splits tags on Chinese and ASCII separators and drops duplicates', () => {
    expect(parseTags(' 外景，宣传, 外景、 夜景 ')).toEqual(['外景', '宣传', '夜景']);
  });
  it('formats video lengths like a player', () => {
    expect(formatClock(7_400)).toBe('0:07');
    expect(formatClock(750_000)).toBe('12:30');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

import { describe, expect, it } from 'vitest';
import type { Slide } from './model';
import { fieldText, slideDiff } from './slide-diff';

const base = { id: 'sld_1', status: 'approved', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' } as const;
const notice = (extra: object): Slide => ({ ...base, type: 'notice', title: '营业时间', body: '9:00 开门', level: 'info', ...extra }) as Slide;

describe('slideDiff()', () => {
  it.each([
    ['nothing changed', notice({}), notice({ status: 'draft', updatedAt: '2026-12-02T00:00:00.000Z' }), []],
    ['the body changed', notice({}), notice({ body: '8:30 开门' }), [{ field: 'body', label: '正文', before: '9:00 开门', after: '8:30 开门' }]],
    ['a field was added', notice({}), notice({ validTo: '2026-12-05T10:00:00.000Z' }), [{ field: 'validTo', label: '下线时间', before: '', after: '2026-12-05T10:00:00.000Z' }]],
    ['a field was cleared', notice({ tags: ['a'] }), notice({}), [{ field: 'tags', label: '标签', before: 'a', after: '' }]],
    ['title and body, title first', notice({}), notice({ body: 'x', title: 'y' }), [
      { field: 'title', label: '标题', before: '营业时间', after: 'y' },
      { field: 'body', label: '正文', before: '9:00 开门', after: 'x' },
    ]],
  ])('%s', (_name, before, after, expected) => {
    expect(slideDiff(before, after)).toEqual(expected);
  });

  it('ignores review meta and derived media URLs', () => {
    const a = notice({ review: [], mediaUrl: '/a' });
    const b = notice({ review: [{ action: 'submitted', by: 'u', at: base.createdAt }], mediaUrl: '/b', rejection: { reason: 'r', by: 'u', at: base.createdAt } });
    expect(slideDiff(a, b)).toEqual([]);
  });
});

describe('fieldText()', () => {
  it.each([
    [undefined, ''],
    [true, '是'],
    [[{ name: '第一档', range: '0–2760', price: '0.4883' }, { name: '第二档', range: '2761–4800', price: '0.5383' }], '第一档 0–2760 0.4883；第二档 2761–4800 0.5383'],
    [12, '12'],
  ])('%j → %s', (v, text) => expect(fieldText(v)).toBe(text));
});

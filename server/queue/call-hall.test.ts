import { describe, expect, it } from 'vitest';
import { HttpError } from '../http-error';
import { callHallId } from './call-hall';

const halls = [
  { id: 'h1', name: '南山营业厅' },
  { id: 'h2', name: '福田营业厅' },
  { id: 'h3', name: '罗湖营业厅' },
];
const refusal = (fn: () => unknown): HttpError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('callHallId()', () => {
  it.each([
    ['an explicit hall wins', halls, 'h2', undefined, 'h2'],
    ["the install's only hall", halls.slice(0, 1), undefined, undefined, 'h1'],
    ["the token's only hall", halls, undefined, ['h3'], 'h3'],
    ["the token's only existing hall (a deleted one is ignored)", halls, undefined, ['h9', 'h2'], 'h2'],
  ])('%s', (_name, list, hallId, allowed, expected) => {
    expect(callHallId(list, hallId, allowed)).toBe(expected);
  });

  it.each([
    ['an install with several halls', undefined, ['南山营业厅（h1）', '福田营业厅（h2）', '罗湖营业厅（h3）'], []],
    ['a token of two halls', ['h1', 'h3'], ['南山营业厅（h1）', '罗湖营业厅（h3）'], ['h2']],
  ])('refuses %s with 400 naming the halls', (_name, allowed, named, notNamed) => {
    const err = refusal(() => callHallId(halls, undefined, allowed));
    expect(err.status).toBe(400);
    expect(err.code).toBe('hall_required');
    for (const n of named) expect(err.message).toContain(n);
    for (const n of notNamed) expect(err.message).not.toContain(n);
  });

  it('refuses when there is no hall at all', () => {
    expect(refusal(() => callHallId([], undefined)).code).toBe('no_hall');
  });

  it('names at most a dozen halls of a large district and says how many there are', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `h${i}`, name: `营业厅${i}` }));
    const err = refusal(() => callHallId(many, undefined));
    expect(err.message).toContain('营业厅11（h11）');
    expect(err.message).not.toContain('营业厅12（');
    expect(err.message).toContain('等 30 个');
  });
});

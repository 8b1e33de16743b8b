import { describe, expect, it } from 'vitest';
import { prng } from '../seeded-random';
import { applyPatch, diffRecord, sameJson } from './record-patch';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('diffRecord / applyPatch', () => {
  it.each([
    ['a changed field', { a: 1, b: 'x' }, { a: 2, b: 'x' }, { s: { a: 2 } }],
    ['an added and a removed key', { a: 1, b: 2 }, { a: 1, c: 3 }, { s: { c: 3 }, d: ['b'] }],
    ['undefined counts as absent', { a: 1, b: undefined }, { a: 1 }, undefined],
    ['a nested change', { o: { x: 1, y: [1, 2] } }, { o: { x: 1, y: [1, 2, 3] } }, { p: { o: { p: { y: { a: [[2, 0, [3]]] } } } } }],
    ['a window: one dropped at the front, one appended', { w: ['a', 'b', 'c', 'd'] }, { w: ['b', 'c', 'd', 'e'] }, { p: { w: { a: [[0, 1, []], [3, 0, ['e']]] } } }],
    ['a history: one on top, the last dropped', { h: ['c', 'b', 'a'] }, { h: ['d', 'c', 'b'] }, { p: { h: { a: [[0, 0, ['d']], [3, 1, []]] } } }],
    ['one element replaced in the middle', { c: [{ n: 1 }, { n: 2 }, { n: 3 }] }, { c: [{ n: 1 }, { n: 9 }, { n: 3 }] }, { p: { c: { a: [[1, 1, [{ n: 9 }]]] } } }],
    ['an array with nothing kept is written whole', { c: [1, 2] }, { c: [3, 4, 5] }, { s: { c: [3, 4, 5] } }],
    ['a type change is written whole', { v: [1] }, { v: { x: 1 } }, { s: { v: { x: 1 } } }],
  ])('%s', (_name, before, after, patch) => {
    const d = diffRecord(before, after);
    expect(d).toEqual(patch);
    if (d) expect(sameJson(applyPatch(roundTrip(before), roundTrip(d) as never), after)).toBe(true);
  });

  it('keeps a key named __proto__ an own property', () => {
    const before = JSON.parse('{"a":1}');
    const after = JSON.parse('{"a":1,"__proto__":{"polluted":true}}');
    const out = applyPatch(before, roundTrip(diffRecord(before, after)) as never) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  /** A random change of a JSON value, of the kinds records go through. */
  function mutate(v: unknown, rnd: () => number, depth = 0): unknown {
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const leaf = (): unknown => pick([() => Math.floor(rnd() * 100), () => `s${Math.floor(rnd() * 50)}`, () => rnd() < 0.5, () => null, () => ({ k: Math.floor(rnd() * 5) })])();
    if (Array.isArray(v)) {
      const a = [...v];
      const times = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < times; i++) {
        const op = pick(['push', 'shift', 'unshift', 'pop', 'splice', 'edit']);
        if (op === 'push') a.push(leaf());
        else if (op === 'shift') a.splice(0, 1 + Math.floor(rnd() * 3));
        else if (op === 'unshift') a.unshift(leaf());
        else if (op === 'pop') a.pop();
        else if (op === 'splice') a.splice(Math.floor(rnd() * (a.length + 1)), Math.floor(rnd() * 2), ...(rnd() < 0.5 ? [leaf()] : []));
        else if (a.length > 0) {
          const i2 = Math.floor(rnd() * a.length);
          a[i2] = depth < 3 ? mutate(a[i2], rnd, depth + 1) : leaf();
        }
      }
      return a;
    }
    if (v !== null && typeof v === 'object') {
      const o = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(o);
      const op = pick(['set', 'delete', 'add', 'deep', 'undefined']);
      const key = keys.length > 0 ? pick(keys) : 'k0';
      if (op === 'set') o[key] = leaf();
      else if (op === 'delete') delete o[key];
      else if (op === 'add') o[`k${Math.floor(rnd() * 20)}`] = rnd() < 0.3 ? [leaf(), leaf()] : leaf();
      else if (op === 'undefined') o[key] = undefined;
      else o[key] = depth < 3 ? mutate(o[key] ?? [], rnd, depth + 1) : leaf();
      return o;
    }
    return leaf();
  }

  it.each([1, 2, 3, 42, 2026])('applying the diff of a random change gives the changed record (seed %i)', (seed) => {
    const rnd = prng(seed);
    let record: Record<string, unknown> = { id: 'r', list: ['a', 'b', 'c'], nested: { w: [1, 2, 3], h: [{ id: 'x' }] } };
    // What a replay holds: the record as read from the file, patched line after line.
    let replayed = roundTrip(record);
    for (let step = 0; step < 400; step++) {
      const next = mutate(record, rnd) as Record<string, unknown>;
      const patch = diffRecord(record, next);
      if (patch) replayed = applyPatch(replayed, roundTrip(patch) as never);
      else expect(sameJson(record, next), `seed ${seed} step ${step}`).toBe(true);
      expect(replayed, `seed ${seed} step ${step}`).toEqual(roundTrip(next));
      record = next;
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CallSet, callKey, sameCall } from './call-key';

const c = (id: string, createdAt: string) => ({ id, createdAt });
const T = '2026-11-27T01:00:00.000Z';

describe('call identity (id and createdAt)', () => {
  // The server uses a queue system's idempotency key as the id; after a restart a reused key is a new call.
  it.each([
    ['same id, same createdAt (a replay)', c('k1', T), c('k1', T), true],
    ['same id, same instant spelled without ms', c('k1', T), c('k1', '2026-11-27T01:00:00Z'), true],
    ['same id, a later createdAt (reused key)', c('k1', T), c('k1', '2026-11-28T01:00:00.000Z'), false],
    ['another id, same createdAt', c('k1', T), c('k2', T), false],
  ] as const)('%s → same call: %s', (_name, a, b, same) => {
    expect(sameCall(a, b)).toBe(same);
    expect(callKey(a) === callKey(b)).toBe(same);
    const set = new CallSet(10);
    expect(set.add(a)).toBe(true);
    expect(set.add(b), 'added again').toBe(!same);
    expect(set.has(b)).toBe(true);
  });

  it('forgets the oldest call past its limit', () => {
    const set = new CallSet(2);
    set.add(c('a', T));
    set.add(c('b', T));
    set.add(c('c', T));
    expect([set.has(c('a', T)), set.has(c('b', T)), set.has(c('c', T))]).toEqual([false, true, true]);
    expect(sameCall(null, c('a', T))).toBe(false);
  });
});

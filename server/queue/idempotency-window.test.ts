import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_WINDOW_MS, createIdempotencyWindow } from './idempotency-window';

const T0 = 1_700_000_000_000;
/** A window on a clock the test moves. */
function windowAt(opts: { perSender?: number; perScope?: number; windowMs?: number } = {}) {
  const clock = { now: T0 };
  const w = createIdempotencyWindow<string>({ clock: () => clock.now, perSender: opts.perSender ?? 100, perScope: opts.perScope ?? 100, windowMs: opts.windowMs });
  return { w, clock };
}

type Step = readonly [atMs: number, scope: string, sender: string, key: string, expected: 'new' | `repeat:${string}`];

describe('createIdempotencyWindow()', () => {
  it.each<[string, { perSender?: number; perScope?: number }, Step[]]>([
    ['a repeat within the window gets the first value', {}, [[0, 'A', 's', 'k', 'new'], [60_000, 'A', 's', 'k', 'repeat:0']]],
    ['one ms before the window ends it is still a repeat', {}, [[0, 'A', 's', 'k', 'new'], [IDEMPOTENCY_WINDOW_MS - 1, 'A', 's', 'k', 'repeat:0']]],
    ['at the end of the window the key is new again', {}, [[0, 'A', 's', 'k', 'new'], [IDEMPOTENCY_WINDOW_MS, 'A', 's', 'k', 'new']]],
    ['a new claim after expiry starts its own window', {}, [[0, 'A', 's', 'k', 'new'], [IDEMPOTENCY_WINDOW_MS, 'A', 's', 'k', 'new'], [IDEMPOTENCY_WINDOW_MS + 1000, 'A', 's', 'k', `repeat:${IDEMPOTENCY_WINDOW_MS}`]]],
    ['scopes are apart', {}, [[0, 'A', 's', 'k', 'new'], [1, 'B', 's', 'k', 'new']]],
    ['senders are apart', {}, [[0, 'A', 's1', 'k', 'new'], [1, 'A', 's2', 'k', 'new']]],
    ['a NUL in a sender cannot forge another pair', {}, [[0, 'A', 'a\u0000b', 'c', 'new'], [1, 'A', 'a', 'b\u0000c', 'new']]],
    [
      'a sender past its bound loses its oldest key only',
      { perSender: 2 },
      [[0, 'A', 'other', 'keep', 'new'], [1, 'A', 's', 'k1', 'new'], [2, 'A', 's', 'k2', 'new'], [3, 'A', 's', 'k3', 'new'], [4, 'A', 'other', 'keep', 'repeat:0'], [5, 'A', 's', 'k1', 'new'], [6, 'A', 's', 'k3', 'repeat:3']],
    ],
    ['a scope past its bound loses its oldest key, whoever sent it', { perScope: 2 }, [[0, 'A', 's1', 'k', 'new'], [1, 'A', 's2', 'k', 'new'], [2, 'A', 's3', 'k', 'new'], [3, 'A', 's2', 'k', 'repeat:1'], [4, 'A', 's1', 'k', 'new']]],
  ])('%s', (_name, opts, steps) => {
    const { w, clock } = windowAt(opts);
    for (const [at, scope, sender, key, expected] of steps) {
      clock.now = T0 + at;
      const prior = w.claim(scope, sender, key, String(at));
      expect(prior ? `repeat:${prior.value}` : 'new', `${at} ${scope}/${sender}/${key}`).toBe(expected);
    }
  });

  it('lists what is left oldest first, without expired or released keys, and loads it back', () => {
    const { w, clock } = windowAt();
    for (let i = 0; i < 5; i++) {
      clock.now = T0 + i * 60_000;
      w.claim('A', 's', `k${i}`, `v${i}`);
    }
    w.release('A', 's', 'k2');
    clock.now = T0 + IDEMPOTENCY_WINDOW_MS + 60_000;
    const left = w.entries('A');
    expect(left.map((e) => [e.key, e.at - T0])).toEqual([['k3', 180_000], ['k4', 240_000]]);
    const again = windowAt().w;
    again.load('A', left);
    expect(again.find('A', 's', 'k3')?.value).toBe('v3');
    expect(again.find('A', 's', 'k2')).toBeUndefined();
  });

  it('counts an entry stored without a time from the load', () => {
    const { w, clock } = windowAt();
    clock.now = T0 + 5_000_000;
    w.load('A', [{ sender: 's', key: 'legacy', value: 'old' }]);
    clock.now += IDEMPOTENCY_WINDOW_MS - 1;
    expect(w.claim('A', 's', 'legacy', 'x')?.value).toBe('old');
    clock.now += 1;
    expect(w.claim('A', 's', 'legacy', 'x')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { StoreReader } from '../store/store';
import { CALL_KEY_WINDOW_MS, PERSISTED_CALL_KEYS, createCallKeys } from './call-keys';

const emptyStore = { list: () => [], get: () => undefined } as unknown as StoreReader;
const answer = (callId: string) => ({ callId, screens: 1 });

describe('createCallKeys()', () => {
  it('answers a repeat in the same hall from the same sender with the first answer', () => {
    const keys = createCallKeys(emptyStore);
    expect(keys.claim('A', 'tok1', 'k', answer('c1'))).toBeUndefined();
    expect(keys.claim('A', 'tok1', 'k', answer('c2'))).toEqual(answer('c1'));
  });

  it.each([
    ['another hall', 'B', 'tok1'],
    ['another sender', 'A', 'tok2'],
  ])('keeps keys apart by %s', (_name, hall, sender) => {
    const keys = createCallKeys(emptyStore);
    keys.claim('A', 'tok1', 'k', answer('c1'));
    expect(keys.claim(hall, sender, 'k', answer('c2'))).toBeUndefined();
  });

  it("evicts only within a sender's own window", () => {
    const keys = createCallKeys(emptyStore, { window: 3 });
    keys.claim('A', 'tok1', 'keep', answer('c0'));
    for (let i = 0; i < 10; i++) keys.claim('A', 'tok2', `f${i}`, answer(`f${i}`));
    expect(keys.claim('A', 'tok1', 'keep', answer('x'))).toEqual(answer('c0'));
    expect(keys.claim('A', 'tok2', 'f0', answer('again'))).toBeUndefined();
  });

  it('forgets a released claim', () => {
    const keys = createCallKeys(emptyStore);
    keys.claim('A', 's', 'k', answer('c1'));
    keys.release('A', 's', 'k');
    expect(keys.claim('A', 's', 'k', answer('c2'))).toBeUndefined();
    expect(keys.snapshot('A').map((k) => k.callId)).toEqual(['c2']);
  });

  it('remembers every key of the last 10 minutes, however many calls came since, and forgets it after', () => {
    let now = 1_000_000;
    const keys = createCallKeys(emptyStore, { clock: () => now });
    keys.claim('A', 's', 'first', answer('c-first'));
    for (let i = 0; i < 60; i++) {
      now += 1000;
      keys.claim('A', 's', `k${i}`, answer(`c${i}`));
    }
    expect(keys.claim('A', 's', 'first', answer('again'))).toEqual(answer('c-first'));
    now = 1_000_000 + CALL_KEY_WINDOW_MS - 1;
    expect(keys.snapshot('A').map((k) => k.key)[0]).toBe('first');
    now = 1_000_000 + CALL_KEY_WINDOW_MS;
    expect(keys.snapshot('A').map((k) => k.key)).not.toContain('first');
    expect(keys.claim('A', 's', 'first', answer('late'))).toBeUndefined();
  });

  it('persists the window of a hall and loads it back: a retry after a restart is still a repeat', () => {
    let now = 5_000_000;
    const keys = createCallKeys(emptyStore, { clock: () => now });
    for (let i = 0; i < 60; i++) keys.claim('A', i % 2 ? 's1' : 's2', `k${i}`, answer(`c${i}`));
    const saved = keys.snapshot('A');
    expect(saved).toHaveLength(60);
    expect(saved.at(-1)).toEqual({ sender: 's1', key: 'k59', callId: 'c59', screens: 1, at: now });
    const store = { list: () => [{ id: 'A', callKeys: saved }], get: () => undefined } as unknown as StoreReader;
    now += 60_000;
    const reloaded = createCallKeys(store, { clock: () => now });
    expect(reloaded.claim('A', 's2', 'k0', answer('new'))).toEqual(answer('c0'));
    expect(reloaded.claim('A', 's1', 'k59', answer('new'))).toEqual(answer('c59'));
    expect(reloaded.claim('A', 's1', 'k0', answer('new'))).toBeUndefined();
  });

  it('keeps at most PERSISTED_CALL_KEYS per hall, and counts keys stored without a time from the load', () => {
    const keys = createCallKeys(emptyStore, { clock: () => 0 });
    for (let i = 0; i < PERSISTED_CALL_KEYS + 5; i++) keys.claim('A', `s${i % 3}`, `k${i}`, answer(`c${i}`));
    expect(keys.snapshot('A')).toHaveLength(PERSISTED_CALL_KEYS);
    const old = { list: () => [{ id: 'A', callKeys: [{ sender: 's', key: 'legacy', callId: 'c-l', screens: 2 }] }], get: () => undefined } as unknown as StoreReader;
    let now = 9_000_000;
    const reloaded = createCallKeys(old, { clock: () => now });
    expect(reloaded.claim('A', 's', 'legacy', answer('x'))).toEqual({ callId: 'c-l', screens: 2 });
    now += CALL_KEY_WINDOW_MS;
    expect(reloaded.claim('A', 's', 'legacy', answer('x'))).toBeUndefined();
  });
});

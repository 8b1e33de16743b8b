import { describe, expect, it } from 'vitest';
import type { StoreReader } from '../store/store';
import { PERSISTED_CALL_KEYS, createCallKeys } from './call-keys';

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
    const keys = createCallKeys(emptyStore, 3);
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

  it('persists the newest keys of a hall and loads them back', () => {
    const keys = createCallKeys(emptyStore);
    for (let i = 0; i < PERSISTED_CALL_KEYS + 5; i++) keys.claim('A', i % 2 ? 's1' : 's2', `k${i}`, answer(`c${i}`));
    const saved = keys.snapshot('A');
    expect(saved).toHaveLength(PERSISTED_CALL_KEYS);
    expect(saved.at(-1)).toEqual({ sender: 's2', key: `k${PERSISTED_CALL_KEYS + 4}`, callId: `c${PERSISTED_CALL_KEYS + 4}`, screens: 1 });
    const store = { list: () => [{ id: 'A', callKeys: saved }], get: () => undefined } as unknown as StoreReader;
    const reloaded = createCallKeys(store);
    expect(reloaded.claim('A', 's2', `k${PERSISTED_CALL_KEYS + 4}`, answer('new'))).toEqual(answer(`c${PERSISTED_CALL_KEYS + 4}`));
    expect(reloaded.claim('A', 's2', 'k0', answer('new'))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { Screen } from '../../content/model';
import { screenFromInput } from '../../content/screen-defaults';
import type { StoreReader } from '../store/store';
import { createTargetCache } from './call-targets';

const at = '2026-11-27T00:00:00.000Z';
const screen = (id: string, hallId: string, extra: object): Screen => screenFromInput({ name: id, hallId, area: 'waiting', kind: 'tv', ...extra } as never, id, at);

describe('createTargetCache()', () => {
  const base = [
    screen('tv', 'A', {}),
    screen('strip3', 'A', { area: 'counter', kind: 'ledStrip', counters: ['3'] }),
    screen('strip5', 'A', { area: 'counter', kind: 'ledStrip', counters: ['5'] }),
    screen('mute', 'A', { callDisplay: 'none' }),
    screen('otherHall', 'B', {}),
  ];
  let list: readonly Screen[] = base;
  const store = { list: () => list, get: () => undefined } as unknown as StoreReader;

  it.each([
    ['counter 3', { hallId: 'A', counter: '3' }, ['tv', 'strip3']],
    ['counter 9', { hallId: 'A', counter: '9' }, ['tv']],
    ['the other hall', { hallId: 'B', counter: '3' }, ['otherHall']],
  ])('targets the hall screens that show %s', (_name, call, ids) => {
    expect(createTargetCache(store).of(call).ids).toEqual(ids);
  });

  it('hands out the same frozen pair until the screen list changes', () => {
    const cache = createTargetCache(store);
    const first = cache.of({ hallId: 'A', counter: '3' });
    expect(cache.of({ hallId: 'A', counter: '3' })).toBe(first);
    expect(Object.isFrozen(first.ids)).toBe(true);
    expect(first.set.has('strip3')).toBe(true);
    list = [...base, screen('tv2', 'A', {})];
    expect(cache.of({ hallId: 'A', counter: '3' }).ids).toEqual(['tv', 'strip3', 'tv2']);
  });
});

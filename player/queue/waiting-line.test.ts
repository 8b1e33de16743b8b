import { describe, expect, it } from 'vitest';
import { waitEstimate, waitingEntry } from './waiting-line';

describe('waiting line', () => {
  it.each([
    [{ service: '居民业务', count: 3, minutes: 12 }, '居民业务 3 人 约 12 分钟', '约 12 分钟'],
    [{ service: '居民业务', count: 1, minutes: 0 }, '居民业务 1 人 约 1 分钟', '约 1 分钟'],
    [{ service: '企业业务', count: 0, minutes: 0 }, '企业业务 0 人', undefined],
    [{ service: '外部系统', count: 4 }, '外部系统 4 人', undefined],
  ])('%j → %s', (w, entry, est) => {
    expect(waitingEntry(w)).toBe(entry);
    expect(waitEstimate(w)).toBe(est);
  });
});

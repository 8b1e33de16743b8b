/** Counter caller shortcuts and the service timer. */
import { describe, expect, it } from 'vitest';
import { formatTimer, shortcutAction } from './caller-keys';

describe('shortcutAction()', () => {
  it.each([
    [{ key: 'n' }, false, 'next'],
    [{ key: 'N' }, false, 'next'],
    [{ key: 'F1' }, false, 'next'],
    [{ key: 'r' }, false, 'recall'],
    [{ key: 'g' }, false, 'skip'],
    [{ key: 't' }, false, 'transfer'],
    [{ key: 'd' }, false, 'done'],
    [{ key: 'p' }, false, 'pause'],
    [{ key: 'p' }, true, 'resume'],
    [{ key: 'F6' }, true, 'resume'],
    [{ key: 'n', ctrlKey: true }, false, undefined],
    [{ key: 'n', typing: true }, false, undefined],
    [{ key: 'x' }, false, undefined],
    [{ key: 'Enter' }, false, undefined],
  ])('%j (paused %s) → %s', (e, paused, want) => expect(shortcutAction(e, paused)).toBe(want));
});

describe('formatTimer()', () => {
  it.each([
    [0, '00:00'],
    [-5000, '00:00'],
    [61_000, '01:01'],
    [59 * 60_000 + 59_999, '59:59'],
    [3600_000 + 62_000, '1:01:02'],
  ])('%i ms → %s', (ms, want) => expect(formatTimer(ms)).toBe(want));
});

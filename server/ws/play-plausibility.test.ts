import { describe, expect, it } from 'vitest';
import { PLAYS_PER_WINDOW, PLAY_WINDOW_MS, createPlayPlausibility } from './play-plausibility';

const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);
const rec = (slideId: string, atMs: number, durationMs = 10_000) => ({ slideId, startedAt: new Date(T0 + atMs).toISOString(), durationMs });
const known = new Set(['a', 'b']);

describe('createPlayPlausibility()', () => {
  it.each([
    ['a slide every 10 s for an hour', Array.from({ length: 360 }, (_, i) => rec(i % 2 ? 'a' : 'b', i * 10_000)), 360, {}],
    ['1-second slides back to back', Array.from({ length: 60 }, (_, i) => rec('a', i * 1000, 1000)), 60, {}],
    ['a slide not in the manifest', [rec('a', 0), rec('zzz', 10_000)], 1, { unknown_slide: 1 }],
    ['100 plays claimed in one second', Array.from({ length: 100 }, (_, i) => rec('a', i * 10)), PLAYS_PER_WINDOW, { implausible_play: 100 - PLAYS_PER_WINDOW }],
  ])('%s', (_name, records, kept, refused) => {
    const r = createPlayPlausibility().check('scr_1', records, known);
    expect(r.kept).toHaveLength(kept);
    expect(r.refused).toEqual(refused);
  });

  it('counts across frames and per screen: a second screen has its own allowance', () => {
    const p = createPlayPlausibility();
    const burst = Array.from({ length: PLAYS_PER_WINDOW }, (_, i) => rec('a', i));
    expect(p.check('scr_1', burst, known).kept).toHaveLength(PLAYS_PER_WINDOW);
    expect(p.check('scr_1', [rec('a', 500)], known).refused).toEqual({ implausible_play: 1 });
    expect(p.check('scr_2', burst, known).kept).toHaveLength(PLAYS_PER_WINDOW);
    // The next window is open again.
    expect(p.check('scr_1', [rec('a', PLAY_WINDOW_MS)], known).kept).toHaveLength(1);
    p.forget('scr_1');
    expect(p.check('scr_1', [rec('a', 500)], known).kept).toHaveLength(1);
  });
});

/** Property-based checks of the resolver (fast-check): random schedules, random instants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide, When } from './model';
import type { Manifest } from './protocol';
import { HORIZON_MS, resolve } from './schedule';

const T0 = '2026-01-01T00:00:00.000Z';
const START = Date.parse('2026-03-20T00:00:00Z');
const SPAN = 240 * 86_400_000; // covers both Berlin DST changes of 2026

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const window = fc.tuple(hhmm, hhmm).filter(([a, b]) => a !== b).map(([start, end]) => ({ start, end }));
const date = fc.integer({ min: 0, max: 260 }).map((d) => new Date(START + d * 86_400_000).toISOString().slice(0, 10));
const when: fc.Arbitrary<When | undefined> = fc.option(
  fc.record(
    {
      windows: fc.array(window, { minLength: 1, maxLength: 3 }),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      except: fc.array(date, { maxLength: 3 }),
      from: date,
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const instant = fc.integer({ min: START, max: START + SPAN });
const validity = fc.option(fc.tuple(instant, fc.integer({ min: 60_000, max: 30 * 86_400_000 })), { nil: undefined });

const world = fc.record({
  timezone: fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York'),
  entries: fc.array(fc.record({ when, priority: fc.integer({ min: 0, max: 3 }), slides: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 }),
  slideValidity: fc.array(fc.record({ v: validity, approved: fc.boolean() }), { minLength: 15, maxLength: 15 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): Manifest {
  const hall: Hall = { id: 'h', name: '厅', timezone: w.timezone, createdAt: T0 };
  const screen: Manifest['screen'] = { id: 's', name: '屏', hallId: 'h', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: T0 };
  const slides: Slide[] = w.slideValidity.map(({ v, approved }, i) => ({
    type: 'notice', id: `sl${i}`, title: `幻灯片${i}`, body: '', level: 'info', status: approved || i % 3 === 0 ? 'approved' : 'draft', createdAt: T0, updatedAt: T0,
    ...(v && { validFrom: new Date(v[0]).toISOString(), validTo: new Date(v[0] + v[1]).toISOString() }),
  }));
  const schedules: Schedule[] = w.entries.map((e, i) => ({ id: `e${i}`, name: `排期${i}`, target: { hallIds: ['h'] }, playlistId: `pl${i}`, priority: e.priority, createdAt: T0, updatedAt: T0, ...(e.when && { when: e.when }) }));
  const playlists = w.entries.map((e, i) => ({ id: `pl${i}`, name: `列表${i}`, items: Array.from({ length: e.slides }, (_, k) => ({ slideId: `sl${(i * 3 + k) % 15}` })), createdAt: T0, updatedAt: T0 }));
  return { version: 'v', generatedAt: T0, screen, hall, schedules, playlists, slides, overrides: [] };
}

describe('resolve() properties', () => {
  it('the answer at T holds until just before nextChangeAt, and changes at it', () => {
    fc.assert(
      fc.property(world, instant, (w, t) => {
        const m = build(w);
        const r = resolve(m, t);
        const next = Date.parse(r.nextChangeAt);
        expect(next).toBeGreaterThan(t);
        expect(next).toBeLessThanOrEqual(t + HORIZON_MS);
        expect(resolve(m, next - 1).items).toEqual(r.items);
        if (next < t + HORIZON_MS) expect(resolve(m, next).items).not.toEqual(r.items);
      }),
      { numRuns: 300 },
    );
  });

  it('never plays a slide that is unapproved or outside its validity', () => {
    fc.assert(
      fc.property(world, instant, (w, t) => {
        const m = build(w);
        const slides = new Map(m.slides.map((s) => [s.id, s]));
        for (const item of resolve(m, t).items) {
          const s = slides.get(item.slideId);
          if (!s) continue; // built-in idle slide
          expect(s.status).toBe('approved');
          if (s.validFrom) expect(t).toBeGreaterThanOrEqual(Date.parse(s.validFrom));
          if (s.validTo) expect(t).toBeLessThan(Date.parse(s.validTo));
        }
      }),
      { numRuns: 300 },
    );
  });
});

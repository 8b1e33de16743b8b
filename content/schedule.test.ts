import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide, Target, When } from './model';
import { DEFAULT_SLIDE_MS } from './model';
import type { Manifest } from './protocol';
import { IDLE_SLIDE_ID, resolve, type Resolution, type TraceOutcome } from './schedule';

// ---- fixtures: one hall, one screen, hand-built entries; entry X with n slides plays X1 … Xn ----

const T0 = '2026-01-01T00:00:00.000Z';
/** An instant given as Shanghai wall-clock time. 2026-11-23 is a Monday, 11-27 a Friday. */
const sh = (local: string): number => Date.parse(`${local}+08:00`);

interface Spec {
  id: string;
  when?: When;
  priority?: number;
  target?: Target;
  /** Extra fields per slide (default: one approved slide). */
  slides?: Partial<Slide>[] | number;
  createdAt?: string;
  playlistId?: string;
}

const notice = (id: string, extra: Partial<Slide> = {}): Slide =>
  ({ type: 'notice', id, title: `标题${id}`, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0, ...extra }) as Slide;

function build(specs: Spec[], timezone = 'Asia/Shanghai'): Manifest {
  const hall: Hall = { id: 'hall-1', name: '示范供电营业厅', timezone, createdAt: T0 };
  const screen: Manifest['screen'] = {
    id: 'scr-1', name: '叫号电视', hallId: 'hall-1', area: 'waiting', kind: 'tv',
    resolution: { width: 1920, height: 1080 }, counters: [], tags: ['lobby'], callDisplay: 'full', createdAt: T0,
  };
  const m: Manifest = { version: 'v', generatedAt: T0, screen, hall, schedules: [], playlists: [], slides: [], overrides: [] };
  for (const s of specs) {
    const extras = typeof s.slides === 'number' ? Array.from({ length: s.slides }, () => ({})) : (s.slides ?? [{}]);
    const items = extras.map((extra, i) => {
      m.slides.push(notice(`${s.id}${i + 1}`, extra));
      return { slideId: `${s.id}${i + 1}` };
    });
    m.playlists.push({ id: `pl-${s.id}`, name: `列表${s.id}`, items, createdAt: T0, updatedAt: T0 });
    const entry: Schedule = {
      id: s.id, name: `节目${s.id}`, target: s.target ?? { hallIds: ['hall-1'] }, playlistId: s.playlistId ?? `pl-${s.id}`,
      priority: s.priority ?? 0, createdAt: s.createdAt ?? T0, updatedAt: T0, ...(s.when && { when: s.when }),
    };
    m.schedules.push(entry);
  }
  return m;
}

const ids = (r: Resolution): string[] => r.items.map((i) => i.slideId);
const outcomeOf = (r: Resolution, scheduleId: string): TraceOutcome | undefined =>
  r.trace.find((t) => t.scheduleId === scheduleId && t.outcome !== 'slideSkipped')?.outcome;

// ---- rule 1: when is an entry active ------------------------------------------------------------

const FRI_NIGHT: When = { days: [5], windows: [{ start: '22:00', end: '06:00' }] };
const NIGHT: When = { windows: [{ start: '22:00', end: '06:00' }] };
const OFFICE: When = { windows: [{ start: '09:00', end: '17:00' }] };

describe('resolve() decides whether an entry is active in the hall wall-clock time', () => {
  it.each<[string, When | undefined, string, TraceOutcome]>([
    ['an entry without `when` plays at any time', undefined, '2026-11-23T03:17:00', 'playing'],
    ['a window is active from its start (inclusive)', OFFICE, '2026-11-23T09:00:00', 'playing'],
    ['a window is active in its middle', OFFICE, '2026-11-23T16:59:59', 'playing'],
    ['a window is inactive before its start', OFFICE, '2026-11-23T08:59:59', 'outsideWindow'],
    ['a window ends at its end (exclusive)', OFFICE, '2026-11-23T17:00:00', 'outsideWindow'],
    ['any of several windows counts', { windows: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] }, '2026-11-23T15:00:00', 'playing'],
    ['the gap between two windows is inactive', { windows: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] }, '2026-11-23T13:00:00', 'outsideWindow'],
    ['ISO weekday 1 is Monday', { days: [1] }, '2026-11-23T10:00:00', 'playing'],
    ['ISO weekday 7 is Sunday', { days: [7] }, '2026-11-29T10:00:00', 'playing'],
    ['a weekday list skips other days (Saturday)', { days: [1, 2, 3, 4, 5] }, '2026-11-28T10:00:00', 'wrongWeekday'],
    ['a weekday list skips Sunday', { days: [1, 2, 3, 4, 5] }, '2026-11-29T23:59:59', 'wrongWeekday'],
    ['`from` is inclusive', { from: '2026-11-23' }, '2026-11-23T00:00:00', 'playing'],
    ['before `from` the entry has not started', { from: '2026-11-23' }, '2026-11-22T23:59:59', 'notStarted'],
    ['`until` is inclusive', { until: '2026-11-27' }, '2026-11-27T23:59:59', 'playing'],
    ['after `until` the entry has ended', { until: '2026-11-27' }, '2026-11-28T00:00:00', 'ended'],
    ['an `except` date is skipped', { except: ['2026-11-25'] }, '2026-11-25T10:00:00', 'exceptionDate'],
    ['the day after an `except` date plays', { except: ['2026-11-25'] }, '2026-11-26T00:00:00', 'playing'],
    ['a midnight-crossing window is active late in the evening', NIGHT, '2026-11-23T23:00:00', 'playing'],
    ['a midnight-crossing window is active after midnight', NIGHT, '2026-11-24T02:00:00', 'playing'],
    ['a midnight-crossing window ends at its end', NIGHT, '2026-11-24T06:00:00', 'outsideWindow'],
    ['a midnight-crossing window is inactive before its start', NIGHT, '2026-11-23T21:59:59', 'outsideWindow'],
    ['Friday-only 22:00–06:00 plays Friday 23:00', FRI_NIGHT, '2026-11-27T23:00:00', 'playing'],
    ['Friday-only 22:00–06:00 plays Saturday 02:00 (the night that started Friday)', FRI_NIGHT, '2026-11-28T02:00:00', 'playing'],
    ['Friday-only 22:00–06:00 does not play Friday 02:00 (that night started Thursday)', FRI_NIGHT, '2026-11-27T02:00:00', 'wrongWeekday'],
    ['Friday-only 22:00–06:00 does not play Saturday 23:00', FRI_NIGHT, '2026-11-28T23:00:00', 'wrongWeekday'],
    ['`until` is checked for the start day of a crossing window', { ...NIGHT, until: '2026-11-27' }, '2026-11-28T02:00:00', 'playing'],
    ['`until` ends the night that starts after it', { ...NIGHT, until: '2026-11-27' }, '2026-11-28T23:00:00', 'ended'],
    ['`from` is checked for the start day of a crossing window', { ...NIGHT, from: '2026-11-28' }, '2026-11-28T02:00:00', 'notStarted'],
    ['`from` lets the night of its own date play', { ...NIGHT, from: '2026-11-28' }, '2026-11-28T22:00:00', 'playing'],
    ['`except` drops the night that starts on that date', { ...NIGHT, except: ['2026-11-27'] }, '2026-11-28T02:00:00', 'exceptionDate'],
    ['`except` keeps the early hours of that date (night of the day before)', { ...NIGHT, except: ['2026-11-27'] }, '2026-11-27T02:00:00', 'playing'],
  ])('%s', (_name, when, local, expected) => {
    const r = resolve(build([{ id: 'A', ...(when && { when }) }]), sh(local));
    expect(outcomeOf(r, 'A')).toBe(expected);
    expect(ids(r)).toEqual(expected === 'playing' ? ['A1'] : [IDLE_SLIDE_ID]);
  });

  it('reads windows in the hall time zone, not UTC', () => {
    // 02:00Z is 10:00 in Shanghai and 21:00 (previous day) in New York.
    const at = Date.parse('2026-11-23T02:00:00Z');
    expect(ids(resolve(build([{ id: 'A', when: OFFICE }]), at))).toEqual(['A1']);
    expect(ids(resolve(build([{ id: 'A', when: OFFICE }], 'America/New_York'), at))).toEqual([IDLE_SLIDE_ID]);
  });

  it('accepts a Date as well as epoch milliseconds', () => {
    const m = build([{ id: 'A', when: OFFICE }]);
    expect(resolve(m, new Date(sh('2026-11-23T10:00:00')))).toEqual(resolve(m, sh('2026-11-23T10:00:00')));
  });
});

// ---- rules 3 and 4: priority and the shared loop -------------------------------------------------

const NOW = sh('2026-11-23T10:00:00');

describe('resolve() picks the highest priority and interleaves equal ones', () => {
  it.each<[string, Spec[], string[]]>([
    ['the higher priority entry wins', [{ id: 'A', priority: 0 }, { id: 'B', priority: 10 }], ['B1']],
    ['negative priorities lose to the default 0', [{ id: 'A', priority: -5 }, { id: 'B' }], ['B1']],
    ['an inactive higher priority entry leaves the lower one playing', [{ id: 'A', priority: 0 }, { id: 'B', priority: 10, when: { windows: [{ start: '18:00', end: '20:00' }] } }], ['A1']],
    ['equal priority entries interleave A1 B1 A2 B2 A3', [{ id: 'A', slides: 3 }, { id: 'B', slides: 2, createdAt: '2026-02-01T00:00:00.000Z' }], ['A1', 'B1', 'A2', 'B2', 'A3']],
    ['the earlier created entry leads the loop', [{ id: 'A', slides: 3, createdAt: '2026-03-01T00:00:00.000Z' }, { id: 'B', slides: 2 }], ['B1', 'A1', 'B2', 'A2', 'A3']],
    ['with equal creation time the lower id leads', [{ id: 'B', slides: 2 }, { id: 'A', slides: 2 }], ['A1', 'B1', 'A2', 'B2']],
    ['three entries share the loop in turn', [{ id: 'A', slides: 1 }, { id: 'B', slides: 3 }, { id: 'C', slides: 2 }], ['A1', 'B1', 'C1', 'B2', 'C2', 'B3']],
    ['only the top priority tier shares the loop', [{ id: 'A', priority: 5 }, { id: 'B', priority: 5 }, { id: 'C', priority: 1 }], ['A1', 'B1']],
  ])('%s', (_name, specs, expected) => {
    expect(ids(resolve(build(specs), NOW))).toEqual(expected);
  });

  const older = '2025-01-01T00:00:00.000Z';
  it.each<[string, Target, Target]>([
    ['a screen target leads an area target', { screenIds: ['scr-1'] }, { areas: ['waiting'] }],
    ['a screen target leads a hall target', { screenIds: ['scr-1'] }, { hallIds: ['hall-1'] }],
    ['an area target leads a hall target', { areas: ['waiting'] }, { hallIds: ['hall-1'] }],
    ['a tag target leads a hall target', { tags: ['lobby'] }, { hallIds: ['hall-1'] }],
    ['a hall target leads an all-screens target', { hallIds: ['hall-1'] }, { all: true }],
  ])('specificity orders equal priorities: %s (even when created later)', (_name, specific, general) => {
    const m = build([{ id: 'G', target: general, slides: 2, createdAt: older }, { id: 'S', target: specific, slides: 2 }]);
    expect(ids(resolve(m, NOW))).toEqual(['S1', 'G1', 'S2', 'G2']);
  });

  it('specificity never beats priority', () => {
    const m = build([{ id: 'S', target: { screenIds: ['scr-1'] }, priority: 0 }, { id: 'G', target: { all: true }, priority: 1 }]);
    expect(ids(resolve(m, NOW))).toEqual(['G1']);
  });

  it('traces the lower priority entry by name and says it is not playing', () => {
    const r = resolve(build([{ id: 'A', priority: 0 }, { id: 'B', priority: 10 }]), NOW);
    const line = r.trace.find((t) => t.scheduleId === 'A');
    expect(line).toMatchObject({ outcome: 'lowerPriority' });
    expect(line?.message).toContain('节目A');
    expect(r.trace.find((t) => t.scheduleId === 'B')).toMatchObject({ outcome: 'playing' });
  });

  it('ignores entries that do not target the screen and traces them by name', () => {
    const r = resolve(build([{ id: 'A', target: { screenIds: ['other'] } }, { id: 'B', target: { areas: ['counter'] } }]), NOW);
    expect(ids(r)).toEqual([IDLE_SLIDE_ID]);
    expect(outcomeOf(r, 'A')).toBe('notTargeted');
    expect(outcomeOf(r, 'B')).toBe('notTargeted');
  });

  it('takes an item duration from the playlist item, then the slide, then the default', () => {
    const m = build([{ id: 'A', slides: [{ durationMs: 7000 }, { durationMs: 7000 }, {}] }]);
    m.playlists[0]!.items[0]!.durationMs = 3000;
    const r = resolve(m, NOW);
    expect(r.items.map((i) => i.durationMs)).toEqual([3000, 7000, DEFAULT_SLIDE_MS]);
    expect(r.items[0]).toMatchObject({ scheduleId: 'A', playlistId: 'pl-A' });
  });
});

// ---- rules 2 and 5: playable slides, empty entries, idle ------------------------------------------

describe('resolve() plays only approved slides inside their validity', () => {
  const at = NOW;
  const iso = (ms: number): string => new Date(ms).toISOString();
  it.each<[string, Partial<Slide>, boolean, string]>([
    ['a draft slide is skipped', { status: 'draft' }, false, '未审核通过'],
    ['a pending slide is skipped', { status: 'pending' }, false, '未审核通过'],
    ['a not-yet-valid slide is skipped', { validFrom: iso(at + 1) }, false, '未到生效时间'],
    ['a slide is valid from `validFrom` on (inclusive)', { validFrom: iso(at) }, true, ''],
    ['an expired slide is skipped at `validTo` (exclusive)', { validTo: iso(at) }, false, '已过期'],
    ['a slide plays until just before `validTo`', { validTo: iso(at + 1) }, true, ''],
  ])('%s', (_name, extra, plays, reason) => {
    const r = resolve(build([{ id: 'A', slides: [{}, extra] }]), at);
    expect(ids(r)).toEqual(plays ? ['A1', 'A2'] : ['A1']);
    const skipped = r.trace.filter((t) => t.outcome === 'slideSkipped');
    if (plays) expect(skipped).toEqual([]);
    else {
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatchObject({ scheduleId: 'A', slideId: 'A2' });
      expect(skipped[0]!.message).toContain(reason);
      expect(skipped[0]!.message).toContain('标题A2');
    }
  });

  it.each<[string, string, Partial<Slide>, string]>([
    ['expired, Shanghai', 'Asia/Shanghai', { validTo: '2026-11-27T04:00:00.000Z' }, '已过期（2026-11-27 12:00）'],
    ['not yet valid, Shanghai, across the hall\'s midnight', 'Asia/Shanghai', { validFrom: '2026-12-31T16:30:00.000Z' }, '未到生效时间（2027-01-01 00:30）'],
    ['expired, UTC+14', 'Pacific/Kiritimati', { validTo: '2026-11-27T04:00:00.000Z' }, '已过期（2026-11-27 18:00）'],
    ['expired, UTC−11', 'Pacific/Pago_Pago', { validTo: '2026-11-27T04:00:00.000Z' }, '已过期（2026-11-26 17:00）'],
  ])('words a skipped slide\'s validity on the hall\'s clock, never as a raw instant (%s)', (_name, tz, extra, words) => {
    const r = resolve(build([{ id: 'A', slides: [{}, extra] }], tz), extra.validTo ? Date.parse(extra.validTo) + 1 : Date.parse('2026-11-27T00:00:00Z'));
    const line = r.trace.find((t) => t.outcome === 'slideSkipped')!;
    expect(line.message).toContain(words);
    expect(line.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('skips a playlist item whose slide is not in the manifest', () => {
    const m = build([{ id: 'A', slides: 2 }]);
    m.slides = m.slides.filter((s) => s.id !== 'A1');
    const r = resolve(m, at);
    expect(ids(r)).toEqual(['A2']);
    expect(r.trace.find((t) => t.slideId === 'A1')).toMatchObject({ outcome: 'slideSkipped', scheduleId: 'A' });
  });

  it('ignores an entry with no playable slide, so a lower priority entry plays', () => {
    const r = resolve(build([{ id: 'A', priority: 10, slides: [{ status: 'draft' }] }, { id: 'B', priority: 0 }]), at);
    expect(ids(r)).toEqual(['B1']);
    expect(outcomeOf(r, 'A')).toBe('noPlayableSlides');
    expect(r.trace.find((t) => t.outcome === 'noPlayableSlides')?.message).toContain('节目A');
  });

  it('ignores an entry with an empty playlist', () => {
    const r = resolve(build([{ id: 'A', priority: 10, slides: [] }, { id: 'B' }]), at);
    expect(ids(r)).toEqual(['B1']);
    expect(outcomeOf(r, 'A')).toBe('noPlayableSlides');
  });

  it('ignores an entry whose playlist is missing, naming it', () => {
    const r = resolve(build([{ id: 'A', priority: 10, playlistId: 'gone' }, { id: 'B' }]), at);
    expect(ids(r)).toEqual(['B1']);
    expect(outcomeOf(r, 'A')).toBe('missingPlaylist');
    expect(r.trace.find((t) => t.scheduleId === 'A')?.message).toContain('节目A');
  });

  it.each<[string, Spec[]]>([
    ['there are no schedules', []],
    ['no entry is in its window', [{ id: 'A', when: { windows: [{ start: '20:00', end: '21:00' }] } }]],
    ['every slide is unapproved', [{ id: 'A', slides: [{ status: 'draft' }, { status: 'pending' }] }]],
    ['no entry targets the screen', [{ id: 'A', target: { screenIds: ['elsewhere'] } }]],
  ])('falls back to the idle slide when %s', (_name, specs) => {
    const r = resolve(build(specs), at);
    expect(r.items).toEqual([{ slideId: IDLE_SLIDE_ID, durationMs: 60_000 }]);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'idle' });
  });
});

describe('resolve() explains itself in words staff understand', () => {
  const m = build([
    { id: 'A', priority: 10, when: { windows: [{ start: '20:00', end: '21:00' }] } },
    { id: 'B', priority: 9, when: { days: [6] } },
    { id: 'C', priority: 8, when: { from: '2027-01-01' } },
    { id: 'D', priority: 7, when: { until: '2026-01-01' } },
    { id: 'E', priority: 6, when: { except: ['2026-11-23'] } },
    { id: 'F', priority: 5, target: { screenIds: ['nope'] } },
    { id: 'G', priority: 4, playlistId: 'gone' },
    { id: 'H', priority: 3, slides: [{ status: 'draft' }] },
    { id: 'I', priority: 2 },
    { id: 'J', priority: 1 },
  ]);
  const r = resolve(m, NOW);

  it('gives every entry exactly one verdict, with the expected outcome', () => {
    expect(m.schedules.map((s) => outcomeOf(r, s.id))).toEqual([
      'outsideWindow', 'wrongWeekday', 'notStarted', 'ended', 'exceptionDate', 'notTargeted', 'missingPlaylist', 'noPlayableSlides', 'playing', 'lowerPriority',
    ]);
  });

  it('names the schedule in every verdict line', () => {
    for (const line of r.trace.filter((t) => t.scheduleId && t.outcome !== 'slideSkipped')) {
      const name = m.schedules.find((s) => s.id === line.scheduleId)!.name;
      expect(line.message).toContain(name);
    }
  });

  it('names the schedule in slide-skipped lines too', () => {
    const line = r.trace.find((t) => t.outcome === 'slideSkipped')!;
    expect(line.message).toContain('节目H');
  });
});

import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide, When } from './model';
import type { Manifest } from './protocol';
import { HORIZON_MS, resolve } from './schedule';

// ---- fixtures: entry X plays the single slide X1 unless slides are given ----

const T0 = '2026-01-01T00:00:00.000Z';
/** Shanghai wall-clock → instant. 2026-11-23 is a Monday, 11-27 a Friday. */
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const utc = (iso: string): number => Date.parse(iso);

interface Spec {
  id: string;
  when?: When;
  priority?: number;
  slides?: Partial<Slide>[];
}

function build(specs: Spec[], timezone = 'Asia/Shanghai'): Manifest {
  const hall: Hall = { id: 'hall-1', name: '示范供电营业厅', timezone, createdAt: T0 };
  const screen: Manifest['screen'] = {
    id: 'scr-1', name: '叫号电视', hallId: 'hall-1', area: 'waiting', kind: 'tv',
    resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: T0,
  };
  const m: Manifest = { version: 'v', generatedAt: T0, screen, hall, schedules: [], playlists: [], slides: [], overrides: [] };
  for (const s of specs) {
    const items = (s.slides ?? [{}]).map((extra, i) => {
      const id = `${s.id}${i + 1}`;
      m.slides.push({ type: 'notice', id, title: id, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0, ...extra } as Slide);
      return { slideId: id };
    });
    m.playlists.push({ id: `pl-${s.id}`, name: s.id, items, createdAt: T0, updatedAt: T0 });
    const entry: Schedule = {
      id: s.id, name: `节目${s.id}`, target: { hallIds: ['hall-1'] }, playlistId: `pl-${s.id}`,
      priority: s.priority ?? 0, createdAt: T0, updatedAt: T0, ...(s.when && { when: s.when }),
    };
    m.schedules.push(entry);
  }
  return m;
}

const OFFICE: When = { windows: [{ start: '09:00', end: '17:00' }] };
const WEEKDAY_OFFICE: When = { days: [1, 2, 3, 4, 5], windows: [{ start: '09:00', end: '17:00' }] };
const FRI_NIGHT: When = { days: [5], windows: [{ start: '22:00', end: '06:00' }] };
const HORIZON = 'horizon';

type Case = [string, Spec[], number, number | typeof HORIZON, string?];

const shanghai: Case[] = [
  ['an always-on entry never changes', [{ id: 'A' }], sh('2026-11-23T10:00:00'), HORIZON],
  ['no schedules at all never change', [], sh('2026-11-23T10:00:00'), HORIZON],
  ['inside a window: its end', [{ id: 'A', when: OFFICE }], sh('2026-11-23T10:00:00'), sh('2026-11-23T17:00:00')],
  ['before a window: its start', [{ id: 'A', when: OFFICE }], sh('2026-11-23T08:00:00'), sh('2026-11-23T09:00:00')],
  ['after a window: tomorrow’s start', [{ id: 'A', when: OFFICE }], sh('2026-11-23T18:00:00'), sh('2026-11-24T09:00:00')],
  ['exactly at a window start: its end', [{ id: 'A', when: OFFICE }], sh('2026-11-23T09:00:00'), sh('2026-11-23T17:00:00')],
  ['a weekday entry without windows on Friday: Saturday midnight', [{ id: 'A', when: { days: [1, 2, 3, 4, 5] } }], sh('2026-11-27T10:00:00'), sh('2026-11-28T00:00:00')],
  ['Friday evening after office hours: Monday 09:00 (weekend edges change nothing)', [{ id: 'A', when: WEEKDAY_OFFICE }], sh('2026-11-27T18:00:00'), sh('2026-11-30T09:00:00')],
  ['a Friday night window, Friday noon: Friday 22:00', [{ id: 'A', when: FRI_NIGHT }], sh('2026-11-27T12:00:00'), sh('2026-11-27T22:00:00')],
  ['a Friday night window, Friday 23:00: Saturday 06:00 (not midnight)', [{ id: 'A', when: FRI_NIGHT }], sh('2026-11-27T23:00:00'), sh('2026-11-28T06:00:00')],
  ['`until` on the last day: the following midnight', [{ id: 'A', when: { until: '2026-11-27' } }], sh('2026-11-27T10:00:00'), sh('2026-11-28T00:00:00')],
  ['`from` tomorrow: tomorrow midnight', [{ id: 'A', when: { from: '2026-11-24' } }], sh('2026-11-23T10:00:00'), sh('2026-11-24T00:00:00')],
  ['`from` beyond the horizon: the horizon', [{ id: 'A', when: { from: '2027-01-01' } }], sh('2026-11-23T10:00:00'), HORIZON],
  ['the day before an `except` date: its midnight', [{ id: 'A', when: { except: ['2026-11-25'] } }], sh('2026-11-24T10:00:00'), sh('2026-11-25T00:00:00')],
  ['on an `except` date: the next midnight', [{ id: 'A', when: { except: ['2026-11-25'] } }], sh('2026-11-25T10:00:00'), sh('2026-11-26T00:00:00')],
  ['a higher entry in its window above an always-on one: the window end', [{ id: 'A' }, { id: 'B', priority: 10, when: OFFICE }], sh('2026-11-23T10:00:00'), sh('2026-11-23T17:00:00')],
  ['a lower entry’s window edges do not count while a higher one plays', [{ id: 'A', priority: 10 }, { id: 'B', when: OFFICE }], sh('2026-11-23T08:00:00'), HORIZON],
  ['a slide expiring: its validTo', [{ id: 'A', slides: [{}, { validTo: '2026-11-23T07:30:00.000Z' }] }], sh('2026-11-23T10:00:00'), utc('2026-11-23T07:30:00Z')],
  ['a slide not yet valid: its validFrom', [{ id: 'A', slides: [{}, { validFrom: '2026-11-24T01:15:00.000Z' }] }], sh('2026-11-23T10:00:00'), utc('2026-11-24T01:15:00Z')],
  ['a validity edge of a slide that is not approved changes nothing', [{ id: 'A', slides: [{}, { status: 'draft', validTo: '2026-11-23T07:30:00.000Z' }] }], sh('2026-11-23T10:00:00'), HORIZON],
  ['an idle screen before an entry starts: its start', [{ id: 'A', when: { days: [3] } }], sh('2026-11-23T10:00:00'), sh('2026-11-25T00:00:00')],
];

// 2026-03-08 and 2026-11-01 are the US DST changes (02:00 local).
const newYork: Case[] = [
  ['inside a window on the Saturday before spring-forward: its end (EST)', [{ id: 'A', when: OFFICE }], utc('2026-03-07T17:00:00Z'), utc('2026-03-07T22:00:00Z'), 'America/New_York'],
  ['after it: Sunday 09:00 EDT, one UTC hour earlier than the day before', [{ id: 'A', when: OFFICE }], utc('2026-03-07T23:00:00Z'), utc('2026-03-08T13:00:00Z'), 'America/New_York'],
  ['after the window on the Saturday before fall-back: Sunday 09:00 EST', [{ id: 'A', when: OFFICE }], utc('2026-10-31T22:00:00Z'), utc('2026-11-01T14:00:00Z'), 'America/New_York'],
  ['a Sunday-only entry on spring-forward Sunday: Monday midnight after a 23-hour day', [{ id: 'A', when: { days: [7] } }], utc('2026-03-08T12:00:00Z'), utc('2026-03-09T04:00:00Z'), 'America/New_York'],
  ['a Sunday-only entry on fall-back Sunday: Monday midnight after a 25-hour day', [{ id: 'A', when: { days: [7] } }], utc('2026-11-01T12:00:00Z'), utc('2026-11-02T05:00:00Z'), 'America/New_York'],
  ['a window across the spring-forward night: its end at 06:00 EDT', [{ id: 'A', when: { windows: [{ start: '22:00', end: '06:00' }] } }], utc('2026-03-08T05:00:00Z'), utc('2026-03-08T10:00:00Z'), 'America/New_York'],
];

describe('resolve().nextChangeAt is the first instant at which the answer changes', () => {
  it.each([...shanghai, ...newYork])('%s', (_name, specs, now, expected, tz) => {
    const m = build(specs, tz);
    const r = resolve(m, now);
    const want = expected === HORIZON ? now + HORIZON_MS : expected;
    expect(r.nextChangeAt).toBe(new Date(want).toISOString());
    // The answer holds until just before nextChangeAt and (short of the horizon) differs from it on.
    expect(resolve(m, want - 1).items).toEqual(r.items);
    if (expected !== HORIZON) expect(resolve(m, want).items).not.toEqual(r.items);
  });

  it('reads a window in New York in local time on both sides of a DST change', () => {
    const m = build([{ id: 'A', when: OFFICE }], 'America/New_York');
    const playing = (iso: string) => resolve(m, utc(iso)).items[0]!.slideId === 'A1';
    expect(playing('2026-03-07T14:30:00Z')).toBe(true); // 09:30 EST
    expect(playing('2026-03-08T13:30:00Z')).toBe(true); // 09:30 EDT
    expect(playing('2026-03-07T13:30:00Z')).toBe(false); // 08:30 EST
    expect(playing('2026-11-01T13:30:00Z')).toBe(false); // 08:30 EST
    expect(playing('2026-11-01T14:30:00Z')).toBe(true); // 09:30 EST
  });

  it('a window starting inside the spring-forward gap starts when the clock jumps (03:00 EDT)', () => {
    const m = build([{ id: 'A', when: { windows: [{ start: '02:30', end: '04:00' }] } }], 'America/New_York');
    expect(resolve(m, utc('2026-03-08T07:00:00Z')).items[0]!.slideId).toBe('A1');
    expect(resolve(m, utc('2026-03-08T05:00:00Z')).nextChangeAt).toBe('2026-03-08T07:00:00.000Z');
  });

  it('a window at 02:00–05:00 on fall-back Sunday starts at 02:00 EST', () => {
    const m = build([{ id: 'A', when: { windows: [{ start: '02:00', end: '05:00' }] } }], 'America/New_York');
    expect(resolve(m, utc('2026-11-01T07:00:00Z')).items[0]!.slideId).toBe('A1');
    expect(resolve(m, utc('2026-11-01T04:00:00Z')).nextChangeAt).toBe('2026-11-01T07:00:00.000Z');
  });
});

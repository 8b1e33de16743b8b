import { describe, expect, it } from 'vitest';
import type { Alert, Hall, QueueCall, Screen } from '../../content/model';
import type { ScreenStatus } from '../../content/protocol';
import {
  ALERT_HISTORY_MAX,
  alertCauses,
  CALL_ACK_GRACE_MS,
  LOW_FPS_FOR_MS,
  openMsWithin,
  pruneAlerts,
  reconcileAlerts,
  sortAlerts,
  type CallFacts,
  type RuleInput,
} from './alert-rules';

const MIN = 60_000;
// Wednesday 2026-12-02 10:00 in Shanghai (02:00 UTC): the counter area is open 08:30–17:30 on weekdays.
const NOW = Date.parse('2026-12-02T02:00:00Z');
const at = (iso: string): number => Date.parse(iso);

const hall: Hall = {
  id: 'hall_a',
  name: '城东营业厅',
  timezone: 'Asia/Shanghai',
  hours: { counter: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] } },
  createdAt: '2026-01-01T00:00:00Z',
};
const screen = (id: string, area: Screen['area'], name = id): Screen => ({
  id,
  name,
  hallId: hall.id,
  area,
  kind: 'tv',
  resolution: { width: 1920, height: 1080 },
  counters: [],
  tags: [],
  callDisplay: 'full',
  keyGeneration: 0,
  devices: [],
  createdAt: '2026-01-01T00:00:00Z',
});
const counterTv = screen('scr_counter', 'counter', '窗口电视');
const selfService = screen('scr_self', 'selfService', '自助机');

function input(over: Partial<RuleInput> & { statuses?: Record<string, Partial<ScreenStatus>> } = {}): RuleInput {
  const statuses = over.statuses ?? {};
  return {
    now: NOW,
    halls: [hall],
    screens: [counterTv, selfService],
    status: (id) => ({ screenId: id, online: true, ...statuses[id] }),
    offlineSince: (s) => Date.parse(statuses[s.id]?.lastSeen ?? '2026-01-01T00:00:00Z'),
    lowFpsSince: new Map(),
    onlineSince: new Map([
      [counterTv.id, NOW - 60 * MIN],
      [selfService.id, NOW - 60 * MIN],
    ]),
    calls: [],
    untrackedCallHalls: new Set(),
    ...over,
  };
}
const kinds = (i: RuleInput): string[] => alertCauses(i).causes.map((c) => c.key).sort();

describe('openMsWithin() counts only business hours', () => {
  const hours = hall.hours!.counter;
  it.each([
    ['inside one morning', '2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z', 60 * MIN],
    ['from before opening (08:00) to 09:00 Shanghai', '2026-12-02T00:00:00Z', '2026-12-02T01:00:00Z', 30 * MIN],
    ['overnight: 17:00 to next 09:00', '2026-12-02T09:00:00Z', '2026-12-03T01:00:00Z', 60 * MIN],
    ['a Saturday', '2026-12-05T01:00:00Z', '2026-12-05T08:00:00Z', 0],
    ['no hours (24 h area)', '2026-12-05T01:00:00Z', '2026-12-05T08:00:00Z', 7 * 60 * MIN],
  ])('%s', (label, from, to, expected) => {
    expect(openMsWithin(label.startsWith('no hours') ? undefined : hours, [], 'Asia/Shanghai', at(from), at(to))).toBe(expected);
  });
});

describe('alertCauses()', () => {
  it.each<[string, Partial<RuleInput> & { statuses?: Record<string, Partial<ScreenStatus>> }, string[]]>([
    ['nothing when every screen is online and well', {}, []],
    [
      'offline longer than the default 5 minutes during business hours',
      { statuses: { scr_counter: { online: false, lastSeen: new Date(NOW - 6 * MIN).toISOString() } } },
      ['offline:scr_counter'],
    ],
    ['offline 4 minutes: not yet', { statuses: { scr_counter: { online: false, lastSeen: new Date(NOW - 4 * MIN).toISOString() } } }, []],
    [
      'offline since 08:00 at 08:33 (area opens 08:30): only 3 minutes count',
      { now: at('2026-12-02T00:33:00Z'), statuses: { scr_counter: { online: false, lastSeen: '2026-12-02T00:00:00.000Z' } } },
      [],
    ],
    [
      'offline since last night, at 08:36: the 6 minutes after opening count',
      { now: at('2026-12-02T00:36:00Z'), statuses: { scr_counter: { online: false, lastSeen: '2026-12-01T10:00:00.000Z' } } },
      ['offline:scr_counter'],
    ],
    ['closed area at 20:00: no offline alert', { now: at('2026-12-02T12:00:00Z'), statuses: { scr_counter: { online: false, lastSeen: '2026-12-02T09:40:00.000Z' } } }, []],
    [
      'a district closed day (闭馆): offline all morning raises nothing in the counter area',
      { districtExceptions: [{ date: '2026-12-02', kind: 'closed', name: '检修' }], statuses: { scr_counter: { online: false, lastSeen: '2026-12-01T12:00:00.000Z' } } },
      [],
    ],
    [
      "the hall's special hours (09:45–12:00) win over the district's closed day: 15 minutes offline alerts",
      {
        halls: [{ ...hall, exceptions: [{ date: '2026-12-02', kind: 'hours', windows: [{ start: '09:45', end: '12:00' }] }] }],
        districtExceptions: [{ date: '2026-12-02', kind: 'closed' }],
        statuses: { scr_counter: { online: false, lastSeen: '2026-12-01T12:00:00.000Z' } },
      },
      ['offline:scr_counter'],
    ],
    [
      'special hours 09:58–12:00: only 2 minutes of business hours offline, no alert yet',
      {
        halls: [{ ...hall, exceptions: [{ date: '2026-12-02', kind: 'hours', windows: [{ start: '09:58', end: '12:00' }] }] }],
        statuses: { scr_counter: { online: false, lastSeen: '2026-12-01T12:00:00.000Z' } },
      },
      [],
    ],
    ['自助服务区 runs 24 h: offline at 03:00 alerts', { now: at('2026-12-01T19:00:00Z'), statuses: { scr_self: { online: false, lastSeen: '2026-12-01T18:00:00.000Z' } } }, ['offline:scr_self']],
    [
      'the hall threshold of 30 minutes',
      { halls: [{ ...hall, alerts: { offlineMinutes: 30 } }], statuses: { scr_self: { online: false, lastSeen: new Date(NOW - 20 * MIN).toISOString() } } },
      [],
    ],
    ['the test override in ms', { offlineMsOverride: 1000, statuses: { scr_self: { online: false, lastSeen: new Date(NOW - 2000).toISOString() } } }, ['offline:scr_self']],
    ['low fps for 3 minutes', { lowFpsSince: new Map([['scr_self', NOW - LOW_FPS_FOR_MS]]), statuses: { scr_self: { fps: 2 } } }, ['lowFps:scr_self']],
    ['low fps for 1 minute: not yet', { lowFpsSince: new Map([['scr_self', NOW - MIN]]), statuses: { scr_self: { fps: 2 } } }, []],
    ['cache failure reported 5 minutes ago', { statuses: { scr_self: { cacheFailedAt: new Date(NOW - 5 * MIN).toISOString() } } }, ['cacheFailed:scr_self']],
    ['cache failure reported 20 minutes ago: over', { statuses: { scr_self: { cacheFailedAt: new Date(NOW - 20 * MIN).toISOString() } } }, []],
  ])('%s', (_label, over, expected) => {
    expect(kinds(input(over))).toEqual(expected);
  });

  const call = (id: string, counter: string, ageMs: number, acked: string[] = [], targeted = [counterTv.id]): CallFacts => ({
    call: { id, ticket: `A${id}`, counter, hallId: hall.id, text: '', createdAt: new Date(NOW - ageMs).toISOString(), expiresAt: new Date(NOW - ageMs + MIN).toISOString() } satisfies QueueCall,
    receivedAt: NOW - ageMs,
    targeted: new Set(targeted),
    acked: new Set(acked),
  });
  it.each<[string, CallFacts[], Partial<RuleInput>, string[]]>([
    ['a call not confirmed after the grace time', [call('1', '3', CALL_ACK_GRACE_MS + 1000)], {}, ['callUnacked:scr_counter']],
    ['still within the grace time', [call('1', '3', CALL_ACK_GRACE_MS - 1000)], {}, []],
    ['confirmed', [call('1', '3', 5 * MIN, [counterTv.id])], {}, []],
    ['superseded by a newer call at the same counter', [call('1', '3', 5 * MIN), call('2', '3', 4 * MIN, [counterTv.id])], {}, []],
    ['a later call at another counter was confirmed: the screen shows calls again', [call('1', '3', 5 * MIN), call('2', '4', 4 * MIN, [counterTv.id])], {}, []],
    ['the screen came online after the call', [call('1', '3', 5 * MIN)], { onlineSince: new Map([[counterTv.id, NOW - 2 * MIN]]) }, []],
    ['older than the 10-minute window', [call('1', '3', 11 * MIN)], {}, []],
  ])('calls: %s', (_label, calls, over, expected) => {
    expect(kinds(input({ calls, ...over }))).toEqual(expected);
  });

  it('marks call alerts unsure when another instance holds calls of the hall', () => {
    const { causes, unsure } = alertCauses(input({ untrackedCallHalls: new Set([hall.id]) }));
    expect(causes).toEqual([]);
    expect([...unsure].sort()).toEqual(['callUnacked:scr_counter', 'callUnacked:scr_self']);
  });

  it('writes a Chinese message that names the screen and the last time seen in the hall clock', () => {
    const [c] = alertCauses(input({ statuses: { scr_counter: { online: false, lastSeen: '2026-12-02T01:50:00.000Z' } } })).causes;
    expect(c).toMatchObject({ hallId: hall.id, screenId: counterTv.id, kind: 'offline' });
    expect(c!.message).toBe('屏幕「窗口电视」在营业时间内离线超过 5 分钟（最后在线 2026-12-02 09:50）');
  });
});

describe('reconcileAlerts()', () => {
  let n = 0;
  const newId = () => `alr_${++n}`;
  const cause = { key: 'offline:scr_a', hallId: 'hall_a', screenId: 'scr_a', kind: 'offline' as const, message: 'x' };
  const open: Alert = { id: 'alr_open', key: 'offline:scr_a', hallId: 'hall_a', screenId: 'scr_a', kind: 'offline', message: 'x', startedAt: '2026-12-02T01:00:00.000Z', endedAt: null };

  it('opens an alert for a new cause', () => {
    const r = reconcileAlerts([], [cause], NOW, { newId });
    expect(r.closed).toEqual([]);
    expect(r.opened).toEqual([{ ...open, id: r.opened[0]!.id, startedAt: new Date(NOW).toISOString() }]);
  });
  it('keeps an open alert while its cause holds, and does not open a second', () => {
    expect(reconcileAlerts([open], [cause], NOW, { newId })).toEqual({ opened: [], closed: [] });
  });
  it('closes an alert by itself when its cause ends', () => {
    expect(reconcileAlerts([open], [], NOW, { newId }).closed).toEqual([{ ...open, endedAt: new Date(NOW).toISOString() }]);
  });
  it('leaves an alert it cannot judge open', () => {
    expect(reconcileAlerts([open], [], NOW, { newId, unsure: new Set([open.key]) }).closed).toEqual([]);
  });
  it('opens anew after a closed one of the same cause', () => {
    const closed = { ...open, endedAt: '2026-12-02T01:30:00.000Z' };
    expect(reconcileAlerts([closed], [cause], NOW, { newId }).opened).toHaveLength(1);
  });
});

describe('pruneAlerts() and sortAlerts()', () => {
  const mk = (i: number, endedAt: string | null): Alert => ({ id: `a${i}`, key: `k${i}`, hallId: 'h', kind: 'offline', message: '', startedAt: '2026-11-01T00:00:00.000Z', endedAt });
  it('keeps every open alert, closed ones of 30 days, at most the newest ALERT_HISTORY_MAX', () => {
    const alerts = [mk(0, null), mk(1, '2026-10-01T00:00:00.000Z'), ...Array.from({ length: ALERT_HISTORY_MAX + 5 }, (_, i) => mk(i + 2, new Date(NOW - (i + 1) * 1000).toISOString()))];
    const keep = pruneAlerts(alerts, NOW);
    expect(keep.has('a0')).toBe(true);
    expect(keep.has('a1')).toBe(false);
    expect(keep.size).toBe(1 + ALERT_HISTORY_MAX);
    expect(keep.has('a2')).toBe(true);
    expect(keep.has(`a${ALERT_HISTORY_MAX + 6}`)).toBe(false);
  });
  it('lists open alerts first, then the most recently ended', () => {
    const list = sortAlerts([mk(1, '2026-12-01T00:00:00.000Z'), mk(2, null), mk(3, '2026-12-02T00:00:00.000Z')]);
    expect(list.map((a) => a.id)).toEqual(['a2', 'a3', 'a1']);
  });
});

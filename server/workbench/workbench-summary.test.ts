import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hall, Layout, Override, Screen, Slide } from '../../content/model';
import type { StoreReader } from '../store/store';
import { createLogTally } from './log-tally';
import { countToday, parseCall, tallyToday, todaysOf } from './today-counts';
import { parsePlayLine } from '../reports/play-report';
import { hallToday, summarizeWorkbench, type WorkbenchInput } from './workbench-summary';

const T0 = '2026-11-01T00:00:00.000Z';
/** 23:50 in Shanghai (UTC+8) on 27 Nov; 04:50 on 27 Nov in Pago Pago (UTC−11). */
const NOW = Date.parse('2026-11-27T15:50:00Z');
const H = (h: number) => h * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const sh: Hall = { id: 'h_sh', name: '上海厅', timezone: 'Asia/Shanghai', createdAt: T0 };
const pp: Hall = { id: 'h_pp', name: '帕果厅', timezone: 'Pacific/Pago_Pago', createdAt: T0 };
const screen = (id: string, hallId: string) => ({ id, name: `屏 ${id}`, hallId }) as Screen;
const notice = (id: string, extra: Partial<Slide> = {}): Slide =>
  ({ type: 'notice', id, title: `通知 ${id}`, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0, ...extra }) as Slide;
const tickerLayout = (id: string, ownerHallIds?: string[]): Layout => ({
  id, name: id, kind: 'tv', createdAt: T0, updatedAt: T0, ...(ownerHallIds && { ownerHallIds }),
  zones: [{ id: 'ticker', name: '字幕', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'ticker', text: '未审核的字幕', speed: 1.5 } }],
});
const override = (id: string, extra: Partial<Override> = {}): Override =>
  ({ id, kind: 'emergency', title: `紧急 ${id}`, body: '', target: { all: true }, createdAt: T0, createdBy: 'op', ...extra }) as Override;

const base = (over: Partial<WorkbenchInput> = {}): WorkbenchInput => ({
  now: NOW,
  halls: [sh, pp],
  screens: [],
  status: () => ({ online: false }),
  slides: [],
  layouts: [],
  overrides: [],
  counts: new Map(),
  ...over,
});
const card = (s: ReturnType<typeof summarizeWorkbench>, id: string) => s.halls.find((h) => h.hallId === id)!;

describe('summarizeWorkbench()', () => {
  it('gives each hall its own today, in its own zone, whatever the process zone is', () => {
    const s = summarizeWorkbench(base());
    expect(card(s, 'h_sh').today).toBe('2026-11-27');
    expect(card(s, 'h_pp').today).toBe('2026-11-27');
    // Eleven minutes later Shanghai's day has turned; Pago Pago is still on the 27th.
    expect(hallToday(sh, NOW + 11 * 60_000)).toBe('2026-11-28');
    expect(hallToday(pp, NOW + 11 * 60_000)).toBe('2026-11-27');
    expect(hallToday(pp, Date.parse('2026-11-28T10:59:00Z'))).toBe('2026-11-27');
    expect(hallToday(pp, Date.parse('2026-11-28T11:00:00Z'))).toBe('2026-11-28');
  });

  it('counts online and offline screens per hall and names the offline ones', () => {
    const online = new Set(['s1', 's3']);
    const s = summarizeWorkbench(base({
      screens: [screen('s1', 'h_sh'), screen('s2', 'h_sh'), screen('s3', 'h_pp')],
      status: (id) => (online.has(id) ? { online: true } : { online: false, lastSeen: T0 }),
    }));
    expect(card(s, 'h_sh').screens).toEqual({ total: 2, online: 1, offline: [{ id: 's2', name: '屏 s2', online: false, lastSeen: T0 }] });
    expect(card(s, 'h_pp').screens).toEqual({ total: 1, online: 1, offline: [] });
  });

  it('counts reviews waiting in the hall: its own and district content, not another hall’s', () => {
    const s = summarizeWorkbench(base({
      slides: [notice('a', { status: 'pending', ownerHallIds: ['h_sh'] }), notice('d', { status: 'pending' }), notice('b', { status: 'pending', ownerHallIds: ['h_pp'] }), notice('x', { status: 'draft' })],
      layouts: [tickerLayout('l1', ['h_pp'])],
    }));
    expect(card(s, 'h_sh').pendingReviews).toEqual({ slides: 2, tickers: 0 });
    expect(card(s, 'h_pp').pendingReviews).toEqual({ slides: 2, tickers: 1 });
  });

  it('lists overrides on air in the halls they reach, soonest end first, and leaves out ended ones', () => {
    const s = summarizeWorkbench(base({
      overrides: [
        { override: override('open'), halls: 'all' },
        { override: override('soon', { expiresAt: iso(NOW + H(1)), kind: 'message' }), halls: ['h_sh'] },
        { override: override('later', { expiresAt: iso(NOW + H(5)), display: 'banner' }), halls: ['h_sh', 'h_pp'] },
        { override: override('ended', { expiresAt: iso(NOW - 1) }), halls: 'all' },
      ],
    }));
    expect(card(s, 'h_sh').overrides.map((o) => [o.id, o.display, o.expiresAt])).toEqual([
      ['soon', 'banner', iso(NOW + H(1))],
      ['later', 'banner', iso(NOW + H(5))],
      ['open', 'fullscreen', undefined],
    ]);
    expect(card(s, 'h_pp').overrides.map((o) => o.id)).toEqual(['later', 'open']);
  });

  it('lists on-air slides whose validity ends within 72 h, by their on-air version', () => {
    const s = summarizeWorkbench(base({
      slides: [
        notice('in2h', { validTo: iso(NOW + H(2)), ownerHallIds: ['h_sh'] }),
        notice('in71h', { validTo: iso(NOW + H(71)) }),
        notice('in73h', { validTo: iso(NOW + H(73)) }),
        notice('gone', { validTo: iso(NOW - 1) }),
        notice('draft', { status: 'draft', validTo: iso(NOW + H(1)) }),
        // An edit waits for review: the version on air (published) is the one that expires.
        notice('edited', { status: 'pending', validTo: iso(NOW + H(200)), published: notice('edited', { validTo: iso(NOW + H(3)) }) as never }),
      ],
    }));
    expect(card(s, 'h_sh').expiring.map((e) => [e.slideId, e.district])).toEqual([['in2h', false], ['edited', true], ['in71h', true]]);
    expect(card(s, 'h_pp').expiring.map((e) => e.slideId)).toEqual(['edited', 'in71h']);
  });

  it('takes today’s counts per hall, zero when a hall had none', () => {
    const s = summarizeWorkbench(base({ counts: new Map([['h_sh', { calls: 4, plays: 9 }]]) }));
    expect([card(s, 'h_sh').calls, card(s, 'h_sh').plays, card(s, 'h_pp').calls, card(s, 'h_pp').plays]).toEqual([4, 9, 0, 0]);
  });
});

describe('tallyToday()', () => {
  it('counts only rows of the hall’s own today', () => {
    const out = new Map();
    tallyToday([{ hallId: 'a', day: '2026-11-27' }, { hallId: 'a', day: '2026-11-26' }, { hallId: 'b', day: '2026-11-27' }, { day: '2026-11-27' }], new Map([['a', '2026-11-27'], ['b', '2026-11-28']]), 'plays', out);
    expect(Object.fromEntries(out)).toEqual({ a: { calls: 0, plays: 1 } });
  });
});

describe('countToday()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-wb-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const data: Record<string, unknown[]> = { halls: [sh, pp], screens: [screen('s_sh', 'h_sh'), screen('s_pp', 'h_pp')] };
  const store = { list: (c: string) => data[c] ?? [], get: () => undefined } as unknown as StoreReader;
  const play = (screenId: string, at: string) => JSON.stringify({ at, screenId, slideId: 'n', startedAt: at, durationMs: 8000 });
  const call = (hallId: string, at: string, record = 'call') => JSON.stringify({ at, record, id: `c${at}`, hallId, ticket: 'A1', counter: '1', text: '', createdAt: at, expiresAt: at });
  // Files are named by the server's UTC day; a hall's day spans two of them.
  fs.writeFileSync(path.join(dir, 'play-2026-11-27.ndjson'), [
    play('s_sh', '2026-11-27T15:59:00Z'), // Shanghai 23:59 on the 27th
    play('s_sh', '2026-11-27T16:01:00Z'), // Shanghai 00:01 on the 28th
    play('s_pp', '2026-11-27T10:59:00Z'), // Pago Pago 23:59 on the 26th
    play('s_pp', '2026-11-27T11:01:00Z'), // Pago Pago 00:01 on the 27th
    '{"torn',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'calls-2026-11-27.ndjson'), [
    call('h_sh', '2026-11-27T15:58:00Z'),
    call('h_sh', '2026-11-27T16:30:00Z'),
    call('h_sh', '2026-11-27T16:31:00Z', 'event'),
    call('h_pp', '2026-11-27T20:00:00Z'),
  ].join('\n'));

  it('counts calls and plays of each hall’s today around Shanghai’s midnight', async () => {
    const before = await countToday(store, dir, Date.parse('2026-11-27T15:59:30Z'));
    expect(Object.fromEntries(before)).toEqual({ h_sh: { calls: 1, plays: 1 }, h_pp: { calls: 1, plays: 1 } });
    const after = await countToday(store, dir, Date.parse('2026-11-27T16:40:00Z'));
    expect(Object.fromEntries(after)).toEqual({ h_sh: { calls: 1, plays: 1 }, h_pp: { calls: 1, plays: 1 } });
  });
});

describe('createLogTally()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-wb-tally-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const data: Record<string, unknown[]> = { halls: [sh, pp], screens: [screen('s_sh', 'h_sh'), screen('s_pp', 'h_pp')] };
  const store = { list: (c: string) => data[c] ?? [], get: () => undefined } as unknown as StoreReader;
  // Chinese text in every line and a 7-byte read size: lines and characters split across reads.
  const play = (screenId: string, at: string) => `${JSON.stringify({ at, screenId, slideId: '停电通知', startedAt: at, durationMs: 8000 })}\n`;
  const file = path.join(dir, 'play-2026-11-27.ndjson');
  const count = async (tally: ReturnType<typeof createLogTally>, now: number) => {
    const out = new Map();
    await tally(store, todaysOf([sh, pp], now), 'plays', out);
    return Object.fromEntries(out);
  };

  it('counts what was appended since the last ask, a torn last line once it is whole, and each hall’s own day', async () => {
    const tally = createLogTally(dir, 'play', parsePlayLine, 7);
    fs.writeFileSync(file, play('s_sh', '2026-11-27T15:59:00Z') + play('s_pp', '2026-11-27T11:01:00Z'));
    const now = Date.parse('2026-11-27T15:59:30Z');
    expect(await count(tally, now)).toEqual({ h_sh: { calls: 0, plays: 1 }, h_pp: { calls: 0, plays: 1 } });
    const next = play('s_sh', '2026-11-27T15:59:10Z');
    fs.appendFileSync(file, next.slice(0, 20));
    expect(await count(tally, now)).toEqual({ h_sh: { calls: 0, plays: 1 }, h_pp: { calls: 0, plays: 1 } });
    fs.appendFileSync(file, next.slice(20) + play('s_sh', '2026-11-27T16:00:30Z'));
    expect(await count(tally, now)).toEqual({ h_sh: { calls: 0, plays: 2 }, h_pp: { calls: 0, plays: 1 } });
    // Past Shanghai's midnight only the play after it is today's there; Pago Pago's day goes on.
    expect(await count(tally, Date.parse('2026-11-27T16:10:00Z'))).toEqual({ h_sh: { calls: 0, plays: 1 }, h_pp: { calls: 0, plays: 1 } });
  });

  it('reads the same numbers as a full read of the logs', async () => {
    fs.writeFileSync(path.join(dir, 'calls-2026-11-27.ndjson'), `${JSON.stringify({ record: 'call', hallId: 'h_pp', createdAt: '2026-11-27T20:00:00Z' })}\n${JSON.stringify({ record: 'event', hallId: 'h_pp', createdAt: '2026-11-27T20:00:00Z' })}\n`);
    const now = Date.parse('2026-11-27T21:00:00Z');
    const full = await countToday(store, dir, now);
    const out = new Map();
    const todays = todaysOf([sh, pp], now);
    await createLogTally(dir, 'calls', parseCall, 5)(store, todays, 'calls', out);
    await createLogTally(dir, 'play', parsePlayLine, 5)(store, todays, 'plays', out);
    expect(out).toEqual(full);
  });
});

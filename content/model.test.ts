import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CounterId,
  HallInput,
  OverrideInput,
  QueueCallInput,
  ScheduleInput,
  ScreenInput,
  SlideInput,
  Target,
  TimeWindow,
  When,
  callText,
  defaultCallDisplay,
  type Area,
  type CallDisplay,
  type ScreenKind,
} from './model';
import { QueueEvent } from './queue';
import { QueueCounter } from './ticketing-model';

const messages = (schema: z.ZodType, value: unknown): string =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

const ISO = '2026-11-27T08:00:00+08:00';

describe('SlideInput accepts each slide type and fills defaults', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['notice', { type: 'notice', title: '停电检修通知' }, { body: '', level: 'info' }],
    ['notice with everything', { type: 'notice', title: ' 通知 ', body: '正文', level: 'urgent', durationMs: 1000, transition: 'fade', validFrom: ISO, validTo: '2026-11-28T00:00:00Z', tags: ['a'] }, { title: '通知', level: 'urgent' }],
    ['welcome', { type: 'welcome', title: '欢迎光临' }, { hallName: '', slogan: '' }],
    ['priceTable', { type: 'priceTable', title: '电价', tiers: [{ name: '第一档', range: '0–2160', price: '0.4883' }] }, { note: '' }],
    ['safetyTip', { type: 'safetyTip', title: '安全', tips: ['不私拉乱接电线'] }, {}],
    ['payChannels', { type: 'payChannels', title: '缴费', channels: [{ name: '网上国网', url: 'https://www.sgcc.com.cn/' }] }, { channels: [{ name: '网上国网', hint: '', url: 'https://www.sgcc.com.cn/' }] }],
    ['outageNotice', { type: 'outageNotice', title: '停电', region: '幸福路', start: ISO, end: '2026-11-27T12:00:00+08:00' }, { reason: '', contact: '95598' }],
    ['image', { type: 'image', title: '海报', mediaId: 'med_1' }, { fit: 'contain' }],
    ['a duration of exactly one hour', { type: 'notice', title: 't', durationMs: 3_600_000 }, { durationMs: 3_600_000 }],
  ])('%s', (_name, input, expected) => {
    const r = SlideInput.safeParse(input);
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject(expected);
  });
});

describe('SlideInput refuses bad slides with a message', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['no title', { type: 'notice' }, 'title'],
    ['a blank title', { type: 'notice', title: '   ' }, '标题不能为空'],
    ['a title over 100 characters', { type: 'notice', title: '长'.repeat(101) }, '标题至多 100 字'],
    ['a duration under one second', { type: 'notice', title: 't', durationMs: 999 }, '时长至少 1 秒'],
    ['a duration over one hour', { type: 'notice', title: 't', durationMs: 3_600_001 }, '时长至多 1 小时'],
    ['a fractional duration', { type: 'notice', title: 't', durationMs: 1500.5 }, 'durationMs'],
    ['a duration as a string', { type: 'notice', title: 't', durationMs: '5000' }, 'durationMs'],
    ['an unknown type', { type: 'hologram', title: 't' }, 'type'],
    ['a video without its media', { type: 'video', title: 't' }, 'mediaId'],
    ['no type', { title: 't' }, 'type'],
    ['an unknown transition', { type: 'notice', title: 't', transition: 'spin' }, 'transition'],
    ['an unknown notice level', { type: 'notice', title: 't', level: 'critical' }, 'level'],
    ['a body over 2000 characters', { type: 'notice', title: 't', body: 'x'.repeat(2001) }, '正文至多 2000 字'],
    ['validFrom that is not an instant', { type: 'notice', title: 't', validFrom: '2026-11-27' }, '需要 ISO 时间'],
    ['a price table without tiers', { type: 'priceTable', title: 't', tiers: [] }, '至少一档电价'],
    ['safety tips without tips', { type: 'safetyTip', title: 't', tips: [] }, '至少一条提示'],
    ['a blank safety tip', { type: 'safetyTip', title: 't', tips: [' '] }, 'tips.0'],
    ['pay channels without channels', { type: 'payChannels', title: 't', channels: [] }, '至少一个缴费渠道'],
    ['a pay channel with a bad url', { type: 'payChannels', title: 't', channels: [{ name: 'x', url: 'not a url' }] }, 'channels.0.url'],
    ['an outage notice without region', { type: 'outageNotice', title: 't', start: ISO, end: ISO }, 'region'],
    ['an outage notice with a bad start', { type: 'outageNotice', title: 't', region: 'r', start: 'tomorrow', end: ISO }, 'start'],
    ['an image slide without media', { type: 'image', title: 't' }, 'mediaId'],
    ['an image slide with an empty media id', { type: 'image', title: 't', mediaId: '' }, '不能为空'],
  ])('%s', (_name, input, expected) => {
    expect(SlideInput.safeParse(input).success).toBe(false);
    expect(messages(SlideInput, input)).toContain(expected);
  });
});

describe('Target must name somebody', () => {
  it.each<[string, unknown, boolean]>([
    ['all screens', { all: true }, true],
    ['a screen', { screenIds: ['scr_1'] }, true],
    ['an area', { areas: ['waiting'] }, true],
    ['a hall', { hallIds: ['hall_1'] }, true],
    ['a tag', { tags: ['lobby'] }, true],
    ['an empty object', {}, false],
    ['`all: false` only', { all: false }, false],
    ['only empty lists', { screenIds: [], areas: [], hallIds: [], tags: [] }, false],
    ['an unknown area', { areas: ['lobby'] }, false],
    ['a blank tag', { tags: [' '] }, false],
  ])('%s → %s', (_name, input, ok) => {
    expect(Target.safeParse(input).success).toBe(ok);
  });

  it('says why an empty target is refused', () => {
    expect(messages(Target, {})).toContain('投放目标为空');
  });
});

describe('When and TimeWindow', () => {
  it.each<[string, unknown, boolean]>([
    ['nothing (always)', {}, true],
    ['from before until', { from: '2026-11-01', until: '2026-11-30' }, true],
    ['from equal to until (a single day)', { from: '2026-11-27', until: '2026-11-27' }, true],
    ['from after until', { from: '2026-12-01', until: '2026-11-30' }, false],
    ['ISO weekdays 1..7', { days: [1, 2, 3, 4, 5, 6, 7] }, true],
    ['weekday 0', { days: [0] }, false],
    ['weekday 8', { days: [8] }, false],
    ['no weekdays', { days: [] }, false],
    ['no windows', { windows: [] }, false],
    ['a midnight-crossing window', { windows: [{ start: '22:00', end: '06:00' }] }, true],
    ['an impossible date', { from: '2026-13-01' }, false],
    ['an except list of dates', { except: ['2026-10-01', '2026-10-02'] }, true],
    ['an except entry that is not a date', { except: ['国庆'] }, false],
  ])('%s → %s', (_name, input, ok) => {
    expect(When.safeParse(input).success).toBe(ok);
  });

  it('says that the end date is before the start date', () => {
    expect(messages(When, { from: '2026-12-01', until: '2026-11-30' })).toContain('结束日期早于开始日期');
  });

  it.each<[string, unknown, boolean]>([
    ['09:00–17:00', { start: '09:00', end: '17:00' }, true],
    ['00:00–23:59', { start: '00:00', end: '23:59' }, true],
    ['22:00–06:00', { start: '22:00', end: '06:00' }, true],
    ['start equal to end', { start: '09:00', end: '09:00' }, false],
    ['24:00', { start: '09:00', end: '24:00' }, false],
    ['a missing leading zero', { start: '9:00', end: '17:00' }, false],
    ['minute 60', { start: '09:60', end: '17:00' }, false],
  ])('TimeWindow %s → %s', (_name, input, ok) => {
    expect(TimeWindow.safeParse(input).success).toBe(ok);
  });

  it('says that a window cannot start where it ends', () => {
    expect(messages(TimeWindow, { start: '09:00', end: '09:00' })).toContain('开始和结束不能相同');
  });
});

describe('QueueCallInput and callText()', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a ticket and a numeric counter, coerced to a string', { ticket: 'A023', counter: 3 }, { ticket: 'A023', counter: '3' }],
    ['a string counter', { ticket: 'A023', counter: '12' }, { counter: '12' }],
    ['counter 0', { ticket: 'A023', counter: 0 }, { counter: '0' }],
    ['a ticket with spaces around it, trimmed', { ticket: ' B105 ', counter: '1' }, { ticket: 'B105' }],
    ['a digits-only ticket', { ticket: '023', counter: '1' }, { ticket: '023' }],
    ['an idempotency key and hall', { ticket: 'A1', counter: '1', id: 'k-1', hallId: 'hall_1', service: '新装' }, { id: 'k-1', hallId: 'hall_1' }],
  ])('accepts %s', (_name, input, expected) => {
    const r = QueueCallInput.safeParse(input);
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no ticket', { counter: '3' }],
    ['an empty ticket', { ticket: '', counter: '3' }],
    ['a ticket with a space inside', { ticket: 'A 023', counter: '3' }],
    ['a ticket with markup', { ticket: '<b>1</b>', counter: '3' }],
    ['a ticket with punctuation', { ticket: 'A023;', counter: '3' }],
    ['a very long ticket', { ticket: 'A'.repeat(17) + '1', counter: '3' }],
    ['no counter', { ticket: 'A023' }],
    ['a negative counter', { ticket: 'A023', counter: -1 }],
    ['a fractional counter', { ticket: 'A023', counter: 1.5 }],
    ['an empty counter', { ticket: 'A023', counter: '' }],
    ['a counter object', { ticket: 'A023', counter: { n: 3 } }],
    ['an empty idempotency key', { ticket: 'A023', counter: '3', id: '' }],
  ])('refuses %s', (_name, input) => {
    expect(QueueCallInput.safeParse(input).success).toBe(false);
  });

  it('explains the ticket format', () => {
    expect(messages(QueueCallInput, { ticket: 'A 023', counter: '3' })).toContain('A023');
  });

  it.each([
    ['A023', '3', '请 A023 号到 3 号窗口办理'],
    ['a023', '12', '请 A023 号到 12 号窗口办理'],
  ])('callText(%s, %s) is %s', (ticket, counter, text) => {
    expect(callText(ticket, counter)).toBe(text);
  });
});

describe('CounterId: one spelling per counter', () => {
  it.each([
    ['3', '3'],
    ['03', '3'],
    ['003', '3'],
    [' 03 ', '3'],
    ['0', '0'],
    ['00', '0'],
    ['10', '10'],
    ['010', '10'],
    ['a1', 'A1'],
    ['A01', 'A01'],
    ['vip-2', 'VIP-2'],
    ['0-1', '0-1'],
  ])('%j is counter %j', (raw, canonical) => {
    expect(CounterId.parse(raw)).toBe(canonical);
  });

  it('makes every endpoint agree: a call, a screen and a queue event name one counter', () => {
    expect(QueueCallInput.parse({ ticket: 'A1', counter: '03' }).counter).toBe('3');
    expect(QueueCallInput.parse({ ticket: 'A1', counter: 3 }).counter).toBe('3');
    expect(ScreenInput.parse({ name: '条屏', hallId: 'h', area: 'counter', kind: 'ledStrip', counters: ['03', 5, 'b2'] }).counters).toEqual(['3', '5', 'B2']);
    expect(QueueEvent.parse({ type: 'counter.paused', eventId: 'e1', hallId: 'h', occurredAt: ISO, counter: '003' })).toMatchObject({ counter: '3' });
  });

  it('reads counters stored before the canonical form in it (a data file from an older version)', () => {
    const stored = QueueCounter.parse({ id: 'h/03', hallId: 'h', counter: '03', paused: false, normalSincePriority: 0, updatedAt: ISO });
    expect(stored.counter).toBe('3');
  });

  it.each(['', '3号', 'A'.repeat(17), '0'.repeat(17)])('still refuses %j', (raw) => {
    expect(CounterId.safeParse(raw).success).toBe(false);
  });
});

describe('other inputs', () => {
  it.each<[string, z.ZodType, unknown, boolean]>([
    ['a hall with the default zone', HallInput, { name: '城东营业厅' }, true],
    ['a hall with an IANA zone', HallInput, { name: '城东营业厅', timezone: 'America/New_York' }, true],
    ['a hall with an unknown zone', HallInput, { name: '城东营业厅', timezone: 'Mars/Olympus' }, false],
    ['a hall with a blank name', HallInput, { name: '  ' }, false],
    ['hall variables with Chinese and ASCII keys', HallInput, { name: '厅', variables: { 服务热线: '95598', hotline: '400' } }, true],
    ['a hall variable key of 12 characters', HallInput, { name: '厅', variables: { 一二三四五六七八九十一二: 'x' } }, true],
    ['a hall variable key of 13 characters', HallInput, { name: '厅', variables: { 一二三四五六七八九十一二三: 'x' } }, false],
    ['a hall variable key with braces', HallInput, { name: '厅', variables: { '{地址}': 'x' } }, false],
    ['a hall variable key with a space', HallInput, { name: '厅', variables: { '服务 热线': 'x' } }, false],
    ['a blank hall variable key', HallInput, { name: '厅', variables: { ' ': 'x' } }, false],
    ['a hall variable value of 201 characters', HallInput, { name: '厅', variables: { 地址: 'x'.repeat(201) } }, false],
    ['a screen', ScreenInput, { name: '叫号屏', hallId: 'h', area: 'waiting', kind: 'tv' }, true],
    ['a screen in an unknown area', ScreenInput, { name: '叫号屏', hallId: 'h', area: 'lobby', kind: 'tv' }, false],
    ['a screen of an unknown kind', ScreenInput, { name: '叫号屏', hallId: 'h', area: 'waiting', kind: 'projector' }, false],
    ['a screen too small to exist', ScreenInput, { name: 's', hallId: 'h', area: 'waiting', kind: 'tv', resolution: { width: 8, height: 8 } }, false],
    ['a schedule', ScheduleInput, { name: '日常', target: { all: true }, playlistId: 'pl' }, true],
    ['a schedule with an empty target', ScheduleInput, { name: '日常', target: {}, playlistId: 'pl' }, false],
    ['a schedule with priority over 1000', ScheduleInput, { name: '日常', target: { all: true }, playlistId: 'pl', priority: 1001 }, false],
    ['an emergency override', OverrideInput, { kind: 'emergency', target: { all: true }, title: '紧急停电' }, true],
    ['an override of an unknown kind', OverrideInput, { kind: 'queueCall', target: { all: true }, title: 't' }, false],
    ['an override with a bad expiry', OverrideInput, { kind: 'message', target: { all: true }, title: 't', expiresAt: 'soon' }, false],
  ])('%s → %s', (_name, schema, input, ok) => {
    expect(schema.safeParse(input).success).toBe(ok);
  });

  it('defaults a schedule priority to 0', () => {
    expect(ScheduleInput.parse({ name: 'n', target: { all: true }, playlistId: 'pl' }).priority).toBe(0);
  });

  it.each<[Area, ScreenKind, CallDisplay]>([
    ['waiting', 'tv', 'full'],
    ['counter', 'tv', 'strip'],
    ['guide', 'ledWall', 'banner'],
    ['exhibition', 'tv', 'none'],
    ['selfService', 'kiosk', 'none'],
    ['exhibition', 'ledStrip', 'strip'],
  ])('a %s %s shows calls as %s by default', (area, kind, expected) => {
    expect(defaultCallDisplay(area, kind)).toBe(expected);
  });
});

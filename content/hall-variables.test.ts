import { describe, expect, it } from 'vitest';
import { fillVariables, hallVariables, layoutForHall, slideForHall } from './hall-variables';
import type { Hall, Layout, Slide } from './model';

const T0 = '2026-11-27T00:00:00.000Z';
const vars = { 营业厅: '城东营业厅', 服务热线: '95598', 地址: '城东路 1 号', hotline: '400-800', 营业时间: '每天 08:30–17:30' };

describe('fillVariables', () => {
  it.each([
    ['replaces a Chinese key', '欢迎光临{营业厅}', '欢迎光临城东营业厅'],
    ['replaces an ASCII key', 'call {hotline}', 'call 400-800'],
    ['replaces several keys and repeats', '{营业厅}（{地址}）·{营业厅}', '城东营业厅（城东路 1 号）·城东营业厅'],
    ['leaves an unknown key as typed', '请拨打 {服务电话}', '请拨打 {服务电话}'],
    ['keys are case-sensitive', '{HOTLINE}', '{HOTLINE}'],
    ['{{ and }} write literal braces', '{{营业厅}}', '{营业厅}'],
    ['an escaped brace next to a key', '{{{营业厅}}}', '{城东营业厅}'],
    ['a lone brace stays', '价格 {以实际为准', '价格 {以实际为准'],
    ['a key with a space is not a key', '{营 业厅}', '{营 业厅}'],
    ['a key longer than 12 characters is not a key', '{一二三四五六七八九十一二三}', '{一二三四五六七八九十一二三}'],
    ['empty braces stay', '{}', '{}'],
    ['text without braces is returned as is', '营业时间调整通知', '营业时间调整通知'],
  ])('%s', (_name, text, expected) => {
    expect(fillVariables(text, vars)).toBe(expected);
  });

  it('never expands a value a second time', () => {
    expect(fillVariables('{a}', { a: '{b}', b: 'deep' })).toBe('{b}');
    expect(fillVariables('{a}', { a: '{{a}}' })).toBe('{{a}}');
  });

  it('does not read keys off the object prototype', () => {
    expect(fillVariables('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});

describe('hallVariables', () => {
  const hall: Pick<Hall, 'name' | 'hours' | 'variables'> = { name: '城东营业厅' };
  it('derives 营业厅 from the name and leaves 营业时间 out without hours', () => {
    expect(hallVariables(hall)).toEqual({ 营业厅: '城东营业厅' });
  });
  it('words the business area hours in Chinese', () => {
    const hours = { counter: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] }, selfService: { windows: [{ start: '00:00', end: '23:59' }] } };
    expect(hallVariables({ ...hall, hours })['营业时间']).toBe('周一至周五 08:30–17:30');
  });
  it('falls back to the first area with hours', () => {
    expect(hallVariables({ ...hall, hours: { waiting: { windows: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] } } })['营业时间']).toBe('每天 09:00–12:00、13:00–17:00');
  });
  it("lets the hall's own variables win over derived ones", () => {
    const own = hallVariables({ ...hall, hours: { counter: { windows: [{ start: '08:30', end: '17:30' }] } }, variables: { 营业时间: '工作日 8:30–17:30', 服务热线: '95598' } });
    expect(own).toEqual({ 营业厅: '城东营业厅', 营业时间: '工作日 8:30–17:30', 服务热线: '95598' });
  });
});

describe('slideForHall', () => {
  const meta = { id: 's1', status: 'approved', createdAt: T0, updatedAt: T0 } as const;
  it('fills the text of every text-bearing slide type and leaves ids and urls alone', () => {
    const slides: Slide[] = [
      { ...meta, type: 'notice', title: '{营业厅}通知', body: '地址：{地址}', level: 'info' },
      { ...meta, type: 'welcome', title: '欢迎', hallName: '{营业厅}', slogan: '热线 {服务热线}' },
      { ...meta, type: 'outageNotice', title: '停电', region: '{营业厅}周边', start: T0, end: T0, reason: '检修', contact: '{服务热线}' },
      { ...meta, type: 'safetyTip', title: '安全', tips: ['有事拨打 {服务热线}', '不变'] },
      { ...meta, type: 'priceTable', title: '{营业厅}电价', tiers: [{ name: '一档', range: '0–200', price: '0.5' }], note: '咨询 {服务热线}' },
      { ...meta, type: 'payChannels', title: '缴费', channels: [{ name: '{营业厅}柜台', hint: '{营业时间}', url: 'https://example.com/{营业厅}' }] },
      { ...meta, type: 'image', title: '{营业厅}', mediaId: '{营业厅}', fit: 'contain', mediaUrl: '/media/{营业厅}' },
    ];
    const out = slides.map((s) => slideForHall(s, vars));
    expect(out[0]).toMatchObject({ title: '城东营业厅通知', body: '地址：城东路 1 号' });
    expect(out[1]).toMatchObject({ hallName: '城东营业厅', slogan: '热线 95598' });
    expect(out[2]).toMatchObject({ region: '城东营业厅周边', contact: '95598', reason: '检修' });
    expect(out[3]).toMatchObject({ tips: ['有事拨打 95598', '不变'] });
    expect(out[4]).toMatchObject({ title: '城东营业厅电价', note: '咨询 95598' });
    expect(out[5]).toMatchObject({ channels: [{ name: '城东营业厅柜台', hint: '每天 08:30–17:30', url: 'https://example.com/{营业厅}' }] });
    expect(out[6]).toMatchObject({ title: '城东营业厅', mediaId: '{营业厅}', mediaUrl: '/media/{营业厅}' });
  });

  it('fills kiosk page texts', () => {
    const kiosk = {
      ...meta, type: 'kioskApp', title: '{营业厅}自助查询', home: 'home', attractText: '欢迎来到{营业厅}', idleMs: 60000,
      pages: [{ id: 'home', type: 'menu', title: '{营业厅}', tiles: [{ label: '咨询 {服务热线}', hint: '', icon: '', target: 'home' }] }],
    } as unknown as Slide;
    const out = slideForHall(kiosk, vars) as unknown as { attractText: string; pages: { title: string; tiles: { label: string; target: string }[] }[] };
    expect(out.attractText).toBe('欢迎来到城东营业厅');
    expect(out.pages[0]!.title).toBe('城东营业厅');
    expect(out.pages[0]!.tiles[0]).toMatchObject({ label: '咨询 95598', target: 'home' });
  });

  it('returns the same object when nothing changes', () => {
    const s: Slide = { ...meta, type: 'notice', title: '通知', body: '{未知}', level: 'info' };
    expect(slideForHall(s, vars)).toBe(s);
  });

  it('sends the slide as typed when a filled field would break its limit', () => {
    const s: Slide = { ...meta, type: 'notice', title: `${'长'.repeat(95)}{地址}`, body: '', level: 'info' };
    expect(slideForHall(s, { 地址: '很长的地址'.repeat(4) })).toBe(s);
  });
});

describe('layoutForHall', () => {
  it('fills ticker text only', () => {
    const layout: Layout = {
      id: 'l1', name: '{营业厅}', kind: 'tv', createdAt: T0, updatedAt: T0,
      zones: [
        { id: 'main', name: '主画面', x: 0, y: 0, w: 1, h: 0.9, content: { type: 'main' } },
        { id: 'ticker', name: '字幕', x: 0, y: 0.9, w: 1, h: 0.1, content: { type: 'ticker', text: '欢迎光临{营业厅}，热线 {服务热线}', speed: 1.5 } },
      ],
    };
    const out = layoutForHall(layout, vars);
    expect(out.zones[1]!.content).toMatchObject({ text: '欢迎光临城东营业厅，热线 95598' });
    expect(out.name).toBe('{营业厅}');
    expect(layoutForHall(layout, {})).toBe(layout);
  });
});

import { describe, expect, it } from 'vitest';
import type { Slide } from '../../content/model';
import { NO_FILTER, expiresSoon, filterSlides, textMatches } from './slide-filter';

const now = Date.parse('2026-12-01T04:00:00.000Z');
const day = 24 * 3600_000;
const slide = (id: string, fields: Partial<Slide>): Slide =>
  ({ id, type: 'notice', title: id, body: '', level: 'info', status: 'draft', createdAt: '', updatedAt: '', ownerHallIds: [], ...fields }) as Slide;

const slides = [
  slide('停电通知', { type: 'outageNotice', status: 'approved', validTo: new Date(now + 2 * day).toISOString() }),
  slide('电价公告', { status: 'pending', tags: ['电价'], validTo: new Date(now + 30 * day).toISOString() }),
  slide('旧公告', { status: 'approved', validTo: new Date(now - day).toISOString() }),
  slide('欢迎词', { type: 'welcome', status: 'draft' }),
];
const ids = (list: Slide[]) => list.map((s) => s.id);

describe('slide filters', () => {
  it('matches title text ignoring case, full-width letters and spaces', () => {
    expect(textMatches('ＡＢＣ 通知', 'abc通知')).toBe(true);
    expect(textMatches('停电通知', '电价')).toBe(false);
    expect(textMatches('任何', '  ')).toBe(true);
  });

  it('filters by text (title or tag), type, status and 7 天内到期', () => {
    expect(ids(filterSlides(slides, { ...NO_FILTER, text: '电价' }, now))).toEqual(['电价公告']);
    expect(ids(filterSlides(slides, { ...NO_FILTER, type: 'welcome' }, now))).toEqual(['欢迎词']);
    expect(ids(filterSlides(slides, { ...NO_FILTER, status: 'approved' }, now))).toEqual(['停电通知', '旧公告']);
    expect(ids(filterSlides(slides, { ...NO_FILTER, expiring: true }, now))).toEqual(['停电通知']);
    expect(ids(filterSlides(slides, { ...NO_FILTER, text: '公告', status: 'approved' }, now))).toEqual(['旧公告']);
  });

  it('counts an already expired slide or one without an end as not expiring soon', () => {
    expect(expiresSoon({ validTo: new Date(now - 1).toISOString() }, now)).toBe(false);
    expect(expiresSoon({}, now)).toBe(false);
    expect(expiresSoon({ validTo: new Date(now + 7 * day).toISOString() }, now)).toBe(true);
  });
});

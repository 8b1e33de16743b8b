import { describe, expect, it } from 'vitest';
import { canChange, canSee, changeRefusal, hallsOfContent, hallsOfTarget, scopeOf } from './access-rule';

const A = 'hall-a';
const B = 'hall-b';
const screenHall = (id: string) => ({ sa: A, sb: B } as Record<string, string | undefined>)[id];

describe('the hall rule the editor shares with the server', () => {
  it('scopeOf() reads no hallIds (or an empty list) as every hall', () => {
    expect(scopeOf({})).toBe('all');
    expect(scopeOf({ hallIds: [] })).toBe('all');
    expect(scopeOf({ hallIds: [A] })).toEqual([A]);
  });

  it('district content is visible to a hall-A editor but not changeable by them', () => {
    const district = hallsOfContent({});
    expect(district).toBe('all');
    expect(canSee([A], district)).toBe(true);
    expect(canChange([A], district)).toBe(false);
    expect(changeRefusal([A], district)).toBe('全区内容，仅不限营业厅的账号可修改');
  });

  it('a hall-A editor changes content owned by hall A; an unrestricted user changes everything', () => {
    expect(changeRefusal([A], hallsOfContent({ ownerHallIds: [A] }))).toBeUndefined();
    expect(changeRefusal('all', hallsOfContent({}))).toBeUndefined();
    expect(changeRefusal('all', hallsOfContent({ ownerHallIds: [B] }))).toBeUndefined();
  });

  it('content shared with another hall is read-only for a user of one of them', () => {
    const shared = hallsOfContent({ ownerHallIds: [A, B] });
    expect(canSee([A], shared)).toBe(true);
    expect(changeRefusal([A], shared)).toBe('涉及您负责范围以外的营业厅，仅可查看');
    expect(changeRefusal([A, B], shared)).toBeUndefined();
  });

  it('schedules: a target reaching every hall or another hall is read-only for a hall-A editor', () => {
    expect(changeRefusal([A], hallsOfTarget(screenHall, { all: true }), 'schedule')).toBe('面向全部营业厅的排期，仅不限营业厅的账号可修改');
    expect(changeRefusal([A], hallsOfTarget(screenHall, { areas: ['waiting'] }), 'schedule')).toBeDefined();
    expect(changeRefusal([A], hallsOfTarget(screenHall, { screenIds: ['sb'] }), 'schedule')).toBeDefined();
    expect(changeRefusal([A], hallsOfTarget(screenHall, { screenIds: ['sa'] }), 'schedule')).toBeUndefined();
    expect(changeRefusal([A], hallsOfTarget(screenHall, { hallIds: [A], areas: ['waiting'] }), 'schedule')).toBeUndefined();
  });

  it('a target naming only unknown screens reaches no hall, so it is nobody else\'s', () => {
    expect(hallsOfTarget(screenHall, { screenIds: ['gone'] })).toEqual([]);
  });
});

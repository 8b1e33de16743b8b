import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../api';
import { contentLock, scheduleLock } from './content-lock';

const user = (role: SessionUser['role'], hallIds?: string[]): SessionUser => ({ id: 'u', username: 'u', displayName: 'u', role, ...(hallIds && { hallIds }) });
const eastEditor = user('editor', ['east']);
const screens = [{ id: 'tv-east', hallId: 'east' }];

describe('contentLock(): what the editor shows read-only', () => {
  it('a hall-limited editor may not change district content and is told why', () => {
    expect(contentLock(eastEditor, {})).toBe('全区内容，仅不限营业厅的账号可修改');
  });
  it('their own hall\'s content stays editable', () => {
    expect(contentLock(eastEditor, { ownerHallIds: ['east'] })).toBeUndefined();
  });
  it('content shared with another hall is read-only for them', () => {
    expect(contentLock(eastEditor, { ownerHallIds: ['east', 'west'] })).toContain('仅可查看');
  });
  it('unrestricted users (no hallIds, or an empty list) change district and every hall\'s content', () => {
    expect(contentLock(user('editor'), {})).toBeUndefined();
    expect(contentLock(user('admin', []), { ownerHallIds: ['west'] })).toBeUndefined();
  });
});

describe('scheduleLock(): schedules by the halls their target reaches', () => {
  it('a target of every hall (all, or areas without a hall) is read-only for a hall-limited editor', () => {
    expect(scheduleLock(eastEditor, { all: true }, screens)).toBe('面向全部营业厅的排期，仅不限营业厅的账号可修改');
    expect(scheduleLock(eastEditor, { areas: ['waiting'] }, screens)).toBeDefined();
  });
  it('their own screens and their hall with an area stay editable', () => {
    expect(scheduleLock(eastEditor, { screenIds: ['tv-east'] }, screens)).toBeUndefined();
    expect(scheduleLock(eastEditor, { hallIds: ['east'], areas: ['waiting'] }, screens)).toBeUndefined();
  });
  it('a screen the editor does not see belongs to another hall, so the schedule is read-only', () => {
    expect(scheduleLock(eastEditor, { screenIds: ['tv-east', 'tv-west'] }, screens)).toContain('仅可查看');
    expect(scheduleLock(user('admin'), { screenIds: ['tv-west'] }, screens)).toBeUndefined();
  });
});

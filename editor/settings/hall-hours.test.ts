import { describe, expect, it } from 'vitest';
import { describeDays, describeHours } from './hall-hours';

describe('describeDays', () => {
  it('reads a run of three or more days as a range', () => {
    expect(describeDays([1, 2, 3, 4, 5])).toBe('周一至周五');
  });
  it('lists scattered days and short runs one by one', () => {
    expect(describeDays([1, 3, 6, 7])).toBe('周一、三、六、日');
  });
  it('says 每天 for all seven days or none given', () => {
    expect(describeDays(undefined)).toBe('每天');
    expect(describeDays([7, 6, 5, 4, 3, 2, 1])).toBe('每天');
  });
});

describe('describeHours', () => {
  it('marks a window that crosses midnight as ending the next day', () => {
    expect(describeHours({ windows: [{ start: '22:00', end: '06:00' }], days: [5, 6] })).toBe('周五、六 22:00–次日 06:00');
  });
  it('says 24 小时 for an area without hours', () => {
    expect(describeHours(undefined)).toBe('24 小时');
  });
});

import { describe, expect, it } from 'vitest';
import { openAlertCount, type OpenAlert } from './workbench-api';

const alert = (id: string, hallId: string, endedAt: null | number = null): OpenAlert => ({ id, hallId, kind: 'offline', message: '屏幕离线', startedAt: 1, endedAt });

describe('openAlertCount()', () => {
  it('counts the hall’s open alerts only', () => {
    const alerts = [alert('1', 'a'), alert('2', 'a'), alert('3', 'b'), alert('4', 'a', 5)];
    expect([openAlertCount(alerts, 'a'), openAlertCount(alerts, 'b'), openAlertCount(alerts, 'c')]).toEqual([2, 1, 0]);
  });

  it('is undefined (shown as —) when the server has no alerts', () => {
    expect(openAlertCount(undefined, 'a')).toBeUndefined();
  });
});

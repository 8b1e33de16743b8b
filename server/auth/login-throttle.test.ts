import { describe, expect, it } from 'vitest';
import { backoffMs, createLoginThrottle, FAILURE_WINDOW_MS, MAX_FAILURES_PER_IP } from './login-throttle';

describe('backoffMs()', () => {
  it.each([
    [0, 0],
    [2, 0],
    [3, 250],
    [4, 500],
    [7, 4000],
    [8, 8000],
    [30, 8000],
  ])('%i recent failures → wait %i ms', (failures, ms) => expect(backoffMs(failures)).toBe(ms));
});

describe('createLoginThrottle()', () => {
  it('blocks an address after too many failures, and forgets them after the window', async () => {
    let now = 0;
    const t = createLoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await t.failed('1.2.3.4', `user${i}`);
    expect(await t.ipBlocked('1.2.3.4')).toBe(true);
    expect(await t.ipBlocked('5.6.7.8')).toBe(false);
    now += FAILURE_WINDOW_MS;
    expect(await t.ipBlocked('1.2.3.4')).toBe(false);
  });

  it('delays a user attacked from many addresses but never blocks them, and success clears the delay', async () => {
    const t = createLoginThrottle(() => 0);
    for (let i = 0; i < 50; i++) await t.failed(`10.0.0.${i}`, 'Alice');
    expect(await t.delayFor('alice')).toBe(8000);
    await t.succeeded('alice');
    expect(await t.delayFor('alice')).toBe(0);
  });
});

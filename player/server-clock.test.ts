import { describe, expect, it, vi } from 'vitest';
import { ServerClock } from './server-clock';

describe('ServerClock', () => {
  it('takes the midpoint of the round trip as the moment the server answered', () => {
    const clock = new ServerClock();
    clock.sample(1000, 10_050, 1100);
    expect(clock.offsetMs).toBe(10_050 - 1050);
  });

  it('prefers the sample with the shortest round trip', () => {
    const clock = new ServerClock();
    clock.sample(0, 5_000, 40);
    clock.sample(1000, 6_500, 3000); // slow trip: its midpoint guess is poor
    expect(clock.offsetMs).toBe(5_000 - 20);
  });

  it('tells listeners only when the offset moves noticeably', () => {
    const clock = new ServerClock();
    const changed = vi.fn();
    clock.onChange(changed);
    clock.sample(0, 60_000, 10);
    expect(changed).toHaveBeenCalledTimes(1);
    clock.sample(100, 60_100, 108);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('ignores impossible samples', () => {
    const clock = new ServerClock();
    clock.sample(100, 5_000, 50);
    expect(clock.offsetMs).toBe(0);
  });
});

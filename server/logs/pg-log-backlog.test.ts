/** The shared budget of the database logs: which rows go first when it is full. */
import { describe, expect, it } from 'vitest';
import { createPgLogBacklog } from './pg-log-backlog';

describe('pg log backlog', () => {
  it('drops the oldest row of play and kiosk together (by write order), audit and calls only when nothing else is left', () => {
    const backlog = createPgLogBacklog(4);
    const queues = Object.fromEntries(['kiosk', 'play', 'audit', 'calls'].map((name) => [name, backlog.join(name)]));
    const write = (name: string, doc: string) => {
      queues[name]!.rows.push({ seq: backlog.nextSeq(), day: '2026-03-10', doc });
      backlog.added();
    };
    const left = () => Object.values(queues).flatMap((q) => q.rows.map((r) => r.doc));
    write('play', 'p0');
    write('kiosk', 'k0');
    write('play', 'p1');
    write('audit', 'a0');
    write('calls', 'c0');
    expect(left()).toEqual(['k0', 'p1', 'a0', 'c0']);
    write('calls', 'c1');
    write('play', 'p2');
    expect(left()).toEqual(['p2', 'a0', 'c0', 'c1']);
    write('audit', 'a1');
    write('audit', 'a2');
    expect(left()).toEqual(['a1', 'a2', 'c0', 'c1']);
    expect(backlog.takeDropReport()).toMatch(/play 3 条，kiosk 1 条，audit 1 条/);
    expect(backlog.takeDropReport()).toBeUndefined();
    expect(backlog.dropped()).toBe(5);
  });

  it('a full budget drops a 1% slice at once, so a write past it does not shift the whole queue each time', () => {
    const backlog = createPgLogBacklog(1000);
    const q = backlog.join('play');
    for (let i = 0; i < 1001; i++) {
      q.rows.push({ seq: backlog.nextSeq(), day: '2026-03-10', doc: String(i) });
      backlog.added();
    }
    expect([backlog.rows(), backlog.dropped(), q.rows[0]!.doc]).toEqual([990, 11, '11']);
  });
});

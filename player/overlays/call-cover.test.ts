import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import { CallCover } from './call-cover';

const T0 = Date.parse('2026-11-27T01:00:00Z');
const call = (ticket: string, s = 0): QueueCall => ({
  id: `id-${ticket}`,
  ticket,
  counter: '2',
  text: `请 ${ticket} 号到 2 号窗口办理`,
  createdAt: new Date(T0 + s * 1000).toISOString(),
  expiresAt: new Date(T0 + (s + 60) * 1000).toISOString(),
});

/** Steps: `show X` / `clear` (spotlight), `see X` (drawn), `cover`, `uncover` (with the tickets still drawn). */
function run(steps: string[], drawn: string[] = []): string[] {
  const log: string[] = [];
  const calls = new Map<string, QueueCall>();
  const get = (t: string) => calls.get(t) ?? calls.set(t, call(t)).get(t)!;
  const cover = new CallCover({ spotlight: (c) => log.push(`call=${c?.ticket ?? ''}`), visible: (c) => log.push(`ack ${c.ticket}`) });
  for (const step of steps) {
    const [verb, ticket] = step.split(' ');
    if (verb === 'show') cover.spotlight(get(ticket!));
    else if (verb === 'clear') cover.spotlight(null);
    else if (verb === 'see') cover.visible(get(ticket!));
    else if (verb === 'cover') cover.setCovered(true, () => true);
    else if (verb === 'uncover') cover.setCovered(false, (c) => drawn.includes(c.ticket));
  }
  return log;
}

describe('CallCover (calls under a 全屏接管 emergency)', () => {
  it.each([
    ['without a takeover, everything passes', ['show A1', 'see A1', 'clear'], [], ['call=A1', 'ack A1', 'call=']],
    ['a takeover clears the call shown before it', ['show A1', 'see A1', 'cover'], [], ['call=A1', 'ack A1', 'call=']],
    ['a call under the takeover is neither in the call element nor acked', ['cover', 'show B1', 'see B1'], [], ['call=']],
    ['after it, the spotlight still on screen comes back and is acked then', ['cover', 'show B1', 'see B1', 'uncover'], ['B1'], ['call=', 'call=B1', 'ack B1']],
    ['a call that came and went under it is never acked', ['cover', 'show B1', 'see B1', 'clear', 'uncover'], [], ['call=', 'call=']],
    ['a board row still drawn after it is acked, once', ['cover', 'see B1', 'see B1', 'uncover'], ['B1'], ['call=', 'call=', 'ack B1']],
    ['covering twice changes nothing', ['show A1', 'cover', 'cover', 'uncover', 'uncover'], [], ['call=A1', 'call=', 'call=A1']],
  ])('%s', (_name, steps, drawn, expected) => {
    expect(run(steps, drawn)).toEqual(expected);
  });

  it('tells whether it is covered', () => {
    const cover = new CallCover({ spotlight: () => {}, visible: () => {} });
    cover.setCovered(true, () => true);
    expect(cover.covered).toBe(true);
    cover.setCovered(false, () => true);
    expect(cover.covered).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ALONE_MS, BUSY_MS, CARD_CALLS, EMPTY_PACING, cardCalls, offerCall, pace, type PacingState } from './call-pacing';
import { CALL_TTL_MS, type QueueCall } from './model';

const T0 = Date.parse('2026-11-27T01:00:00Z');

function call(ticket: string, counter: string, postedAt: number, ttlMs = CALL_TTL_MS): QueueCall {
  return {
    id: `id-${ticket}`,
    ticket,
    counter,
    text: `请 ${ticket} 号到 ${counter} 号窗口办理`,
    createdAt: new Date(postedAt).toISOString(),
    expiresAt: new Date(postedAt + ttlMs).toISOString(),
  };
}

describe('call pacing: the 正在叫号 card', () => {
  it(`shows the spotlight and the calls before it that are still current, newest first, ${CARD_CALLS} at most`, () => {
    let s: PacingState = EMPTY_PACING;
    for (const [i, t] of ['A001', 'A002', 'A003', 'A004', 'A005', 'A006'].entries()) s = offerCall(s, call(t, String(i + 1), T0), T0).state;
    let now = T0;
    const cards: string[][] = [];
    for (let i = 0; i < 6; i++) {
      const r = pace(s, now);
      s = r.state;
      cards.push(cardCalls(s).map((c) => c.ticket));
      now = r.nextAt!;
    }
    expect(cards).toEqual([['A001'], ['A002', 'A001'], ['A003', 'A002', 'A001'], ['A004', 'A003', 'A002', 'A001'], ['A005', 'A004', 'A003', 'A002'], ['A006', 'A005', 'A004', 'A003']]);
    // The spotlight empties after the last one's turn; the card keeps the current calls.
    s = pace(s, now + ALONE_MS).state;
    expect(s.shown).toBeNull();
    expect(cardCalls(s).map((c) => c.ticket)).toEqual(['A006', 'A005', 'A004']);
  });

  it('drops a card line when its counter is called again or the call expires', () => {
    let s = offerCall(EMPTY_PACING, call('A001', '1', T0, 30_000), T0).state;
    s = offerCall(s, call('A002', '2', T0), T0).state;
    s = pace(s, T0).state;
    s = pace(s, T0 + BUSY_MS).state;
    expect(cardCalls(s).map((c) => c.ticket)).toEqual(['A002', 'A001']);
    s = offerCall(s, call('B001', '2', T0 + 9000), T0 + 9000).state;
    s = pace(s, T0 + 9000).state;
    expect(cardCalls(s).map((c) => c.ticket)).toEqual(['B001', 'A001']);
    s = pace(s, T0 + 30_000).state;
    expect(cardCalls(s).map((c) => c.ticket)).toEqual(['B001']);
  });

  it('says when to look again: the end of the turn or the first expiry; null when nothing will change', () => {
    const a = offerCall(EMPTY_PACING, call('A001', '1', T0), T0).state;
    const r = pace(a, T0);
    expect(r.nextAt).toBe(T0 + ALONE_MS);
    const after = pace(r.state, T0 + ALONE_MS);
    expect(after.nextAt).toBe(T0 + CALL_TTL_MS);
    expect(pace(after.state, T0 + CALL_TTL_MS)).toEqual({ state: EMPTY_PACING, nextAt: null });
  });
});

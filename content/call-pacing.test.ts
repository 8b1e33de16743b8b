import { describe, expect, it } from 'vitest';
import { ALONE_MS, BUSY_MS, EMPTY_PACING, MAX_WAIT_MS, MIN_MS, cardCalls, offerCall, pace, spotlightEndsAt, type PacingState } from './call-pacing';
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

/** A spotlight turn: which ticket, from when to when (ms after T0). */
interface Turn {
  ticket: string;
  from: number;
  to: number;
}

/**
 * Runs the policy as the player does (one timer for `nextAt`, each post offered and paced at once),
 * with a fixed clock, until nothing changes; returns every spotlight turn in order.
 */
function simulate(posts: { at: number; ticket: string; counter: string; ttlMs?: number }[]): { turns: Turn[]; outcomes: string[] } {
  let state: PacingState = EMPTY_PACING;
  let nextAt: number | null = null;
  const turns: Turn[] = [];
  const outcomes: string[] = [];
  const queue = [...posts].sort((a, b) => a.at - b.at);
  const observe = (now: number, before: PacingState): void => {
    if (before.shown?.call.id === state.shown?.call.id) return;
    if (before.shown) turns.at(-1)!.to = now - T0;
    if (state.shown) turns.push({ ticket: state.shown.call.ticket, from: now - T0, to: Number.NaN });
  };
  for (let guard = 0; guard < 10_000; guard++) {
    const post = queue[0];
    const now = Math.min(post ? T0 + post.at : Infinity, nextAt ?? Infinity);
    if (now === Infinity) break;
    const before = state;
    if (post && T0 + post.at === now) {
      queue.shift();
      const offered = offerCall(state, call(post.ticket, post.counter, now, post.ttlMs), now);
      outcomes.push(`${post.ticket}:${offered.outcome}`);
      state = offered.state;
    }
    ({ state, nextAt } = pace(state, now));
    observe(now, before);
  }
  return { turns, outcomes };
}

const burst = (n: number, overMs = 1000): { at: number; ticket: string; counter: string }[] =>
  Array.from({ length: n }, (_, i) => ({ at: Math.floor((i * overMs) / n), ticket: `A${String(i + 1).padStart(3, '0')}`, counter: String(i + 1) }));

describe('call pacing: dwell shrinks as calls wait', () => {
  it(`keeps a lone call ${ALONE_MS / 1000} s, then clears the spotlight`, () => {
    expect(simulate([{ at: 0, ticket: 'A001', counter: '1' }]).turns).toEqual([{ ticket: 'A001', from: 0, to: ALONE_MS }]);
  });

  it(`gives each call of a small burst ${BUSY_MS / 1000} s, the last one alone ${ALONE_MS / 1000} s`, () => {
    const { turns } = simulate(burst(3, 0));
    expect(turns).toEqual([
      { ticket: 'A001', from: 0, to: BUSY_MS },
      { ticket: 'A002', from: BUSY_MS, to: 2 * BUSY_MS },
      { ticket: 'A003', from: 2 * BUSY_MS, to: 2 * BUSY_MS + ALONE_MS },
    ]);
  });

  it('cuts a lone call short (it had its time) when another arrives after 8 s', () => {
    const { turns } = simulate([
      { at: 0, ticket: 'A001', counter: '1' },
      { at: 10_000, ticket: 'A002', counter: '2' },
    ]);
    expect(turns.map((t) => [t.ticket, t.from, t.to])).toEqual([
      ['A001', 0, 10_000],
      ['A002', 10_000, 22_000],
    ]);
  });

  // Burst size → when the last call of a burst posted within one second takes the spotlight, and the shortest turn.
  it.each([
    [2, 8000, 8000],
    [3, 16_000, 8000],
    [5, 20_800, 5200],
    [10, 20_900, 2322],
    [20, 38_000, 2000],
    [30, 58_000, 2000],
  ])('a burst of %i within 1 s: all in posting order, the last in the spotlight at ≈ %i ms, no turn under %i ms', (n, lastFrom, shortest) => {
    const { turns } = simulate(burst(n));
    expect(turns.map((t) => t.ticket)).toEqual(burst(n).map((p) => p.ticket));
    expect(turns.at(-1)!.from).toBeGreaterThanOrEqual(lastFrom - 1000);
    expect(turns.at(-1)!.from).toBeLessThanOrEqual(lastFrom + 1000);
    const busyTurns = turns.slice(0, -1).map((t) => t.to - t.from);
    expect(Math.min(...busyTurns)).toBeGreaterThanOrEqual(Math.min(shortest, MIN_MS));
    expect(Math.min(...busyTurns)).toBeLessThanOrEqual(shortest + 1);
    // Even shares: the turns of a burst differ by less than a second.
    expect(Math.max(...busyTurns) - Math.min(...busyTurns)).toBeLessThan(n <= 3 ? 1 : 1000);
    expect(Math.max(...busyTurns)).toBeLessThanOrEqual(BUSY_MS);
  });

  it('puts a burst of 20 in one second through the spotlight well within 60 s, each call ≥ 2 s', () => {
    const { turns } = simulate(burst(20));
    expect(turns).toHaveLength(20);
    expect(turns.at(-1)!.from).toBeLessThan(40_000);
    for (const t of turns.slice(0, -1)) expect(t.to - t.from).toBeGreaterThanOrEqual(MIN_MS);
  });

  it('does not let a late timer stretch a burst: the next turn counts from when the last one ended', () => {
    let s: PacingState = EMPTY_PACING;
    for (let i = 1; i <= 20; i++) s = offerCall(s, call(`L${i}`, String(i), T0), T0).state;
    let { state, nextAt } = pace(s, T0);
    const shownAt: number[] = [];
    // Every look comes 700 ms late, as on a screen whose frames take that long.
    while (nextAt !== null && state.shown) {
      shownAt.push(state.shown.since - T0);
      ({ state, nextAt } = pace(state, nextAt + 700));
    }
    expect(shownAt).toHaveLength(20);
    expect(shownAt.at(-1)).toBe(38_000);
    // Much later than that (a frozen page) the next call still gets half a turn of its own.
    const frozen = pace(pace(offerCall(offerCall(EMPTY_PACING, call('F1', '1', T0), T0).state, call('F2', '2', T0), T0).state, T0).state, T0 + 30_000);
    expect(frozen.state.shown).toMatchObject({ call: { ticket: 'F2' }, since: T0 + 30_000 - MIN_MS / 2 });
  });

  it(`keeps every waiting call within ${MAX_WAIT_MS / 1000} s of arriving while the backlog allows it`, () => {
    for (const n of [2, 4, 6, 8, 10]) {
      const posts = burst(n, 0);
      for (const t of simulate(posts).turns) expect(t.from, `burst of ${n}: ${t.ticket}`).toBeLessThanOrEqual(MAX_WAIT_MS);
    }
  });

  it('computes the turn from who waits: alone, one waiting, a backlog past its deadline', () => {
    const a = call('A001', '1', T0);
    const shown = { call: a, since: T0 };
    const w = (ticket: string, counter: string, arrivedAt: number) => ({ call: call(ticket, counter, arrivedAt), arrivedAt });
    expect(spotlightEndsAt({ shown, waiting: [], earlier: [] })).toBe(T0 + ALONE_MS);
    expect(spotlightEndsAt({ shown, waiting: [w('A002', '2', T0)], earlier: [] })).toBe(T0 + BUSY_MS);
    expect(spotlightEndsAt({ shown, waiting: [w('A002', '2', T0), w('A003', '3', T0)], earlier: [] })).toBe(T0 + BUSY_MS);
    expect(spotlightEndsAt({ shown, waiting: [1, 2, 3, 4].map((i) => w(`B${i}`, String(i + 1), T0)), earlier: [] })).toBe(T0 + MAX_WAIT_MS / 4);
    expect(spotlightEndsAt({ shown, waiting: [w('A002', '2', T0 - 30_000)], earlier: [] })).toBe(T0 + MIN_MS);
    expect(spotlightEndsAt({ shown: { call: call('A001', '1', T0, 5000), since: T0 }, waiting: [], earlier: [] })).toBe(T0 + 5000);
    expect(spotlightEndsAt(EMPTY_PACING)).toBeNull();
  });
});

describe('call pacing: a newer call at a counter supersedes the older one', () => {
  it('drops the older call while it waits; the newer one keeps posting order', () => {
    const { turns, outcomes } = simulate([
      { at: 0, ticket: 'A001', counter: '1' },
      { at: 100, ticket: 'A002', counter: '3' },
      { at: 200, ticket: 'A003', counter: '5' },
      { at: 300, ticket: 'B001', counter: '3' },
    ]);
    expect(outcomes).toEqual(['A001:queued', 'A002:queued', 'A003:queued', 'B001:queued']);
    expect(turns.map((t) => t.ticket)).toEqual(['A001', 'A003', 'B001']);
  });

  it('ends the older call in the spotlight at once (A023→3 then B042→3 shows B042)', () => {
    const { turns } = simulate([
      { at: 0, ticket: 'A023', counter: '3' },
      { at: 3000, ticket: 'B042', counter: '3' },
    ]);
    expect(turns).toEqual([
      { ticket: 'A023', from: 0, to: 3000 },
      { ticket: 'B042', from: 3000, to: 3000 + ALONE_MS },
    ]);
  });

  it('lets a call posted before the superseding one go first', () => {
    let s = offerCall(EMPTY_PACING, call('A023', '3', T0), T0).state;
    s = pace(s, T0).state;
    s = offerCall(s, call('X001', '5', T0 + 100), T0 + 100).state;
    s = offerCall(s, call('B042', '3', T0 + 200), T0 + 200).state;
    s = pace(s, T0 + 200).state;
    expect(s.shown?.call.ticket).toBe('X001');
    expect(s.waiting.map((w) => w.call.ticket)).toEqual(['B042']);
    expect(cardCalls(s).map((c) => c.ticket)).toEqual(['X001']);
  });

  it('refuses an older call that arrives after a newer one for its counter', () => {
    let s = offerCall(EMPTY_PACING, call('B042', '3', T0 + 1000), T0 + 1000).state;
    s = pace(s, T0 + 1000).state;
    const late = offerCall(s, call('A023', '3', T0), T0 + 1200);
    expect(late.outcome).toBe('outdated');
    expect(late.state).toBe(s);
  });

  it('never shows a call that is already expired, nor one that expires while it waits', () => {
    const { turns, outcomes } = simulate([
      { at: 0, ticket: 'A000', counter: '9', ttlMs: 0 },
      { at: 0, ticket: 'A001', counter: '1' },
      { at: 0, ticket: 'A002', counter: '2', ttlMs: BUSY_MS - 1 },
      { at: 0, ticket: 'A003', counter: '3' },
    ]);
    expect(outcomes[0]).toBe('A000:expired');
    expect(turns.map((t) => t.ticket)).toEqual(['A001', 'A003']);
  });

  it('takes a call off the spotlight when it expires there', () => {
    const { turns } = simulate([{ at: 0, ticket: 'A001', counter: '1', ttlMs: 5000 }]);
    expect(turns).toEqual([{ ticket: 'A001', from: 0, to: 5000 }]);
  });

  // A random hall: 40 calls over 10 counters in 20 s, with repeats at the same counters.
  it.each([1, 2, 3, 4, 5])('seed %i: every call not superseded passes in posting order; skipped ones were superseded first', (seed) => {
    let x = seed * 7919;
    const rnd = (): number => ((x = (x * 48271) % 2147483647) / 2147483647);
    const posts = Array.from({ length: 40 }, (_, i) => ({ at: Math.floor(rnd() * 20_000), ticket: `T${String(i).padStart(2, '0')}`, counter: String(1 + Math.floor(rnd() * 10)) }));
    posts.sort((a, b) => a.at - b.at);
    const { turns } = simulate(posts);
    const shown = turns.map((t) => t.ticket);
    const order = shown.map((ticket) => posts.findIndex((p) => p.ticket === ticket));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const p of posts) {
      const turn = turns.find((t) => t.ticket === p.ticket);
      const later = posts.find((q) => q.counter === p.counter && q.at >= p.at && q !== p && posts.indexOf(q) > posts.indexOf(p));
      if (!turn) {
        expect(later, `${p.ticket} skipped without a newer call at counter ${p.counter}`).toBeDefined();
        continue;
      }
      // Cut short only by a newer call at its counter.
      if (turn.to - turn.from < MIN_MS) expect(later && later.at === turn.to).toBe(true);
    }
    expect(turns.at(-1)!.from).toBeLessThan(20_000 + 40 * MIN_MS);
  });
});

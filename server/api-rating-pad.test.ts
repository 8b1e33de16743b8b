/** The counter's rating pad: asks about the ticket just finished at its counter for 30 s, records the answer once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, startTestServer, type TestServer } from './test-server';

let t: TestServer;
let now = Date.parse('2026-11-27T02:00:00.000Z');
let hallId: string;
let serviceId: string;
let pad: Record<string, string>;
const bearer = { bearer: QUEUE_TOKEN };
beforeAll(async () => {
  t = await startTestServer({ clock: () => now });
  hallId = (await t.create('/api/halls', { name: '评价厅' })).id;
  serviceId = (await t.create(`/api/halls/${hallId}/services`, { name: '居民业务', prefix: 'A', counters: ['3', '4'] })).id;
  const screen = await t.create('/api/screens', { hallId, name: '3 号窗口评价器', area: 'counter', kind: 'kiosk', counters: ['3'] });
  const u = new URL(screen.playerUrl);
  pad = { 'x-screen-id': u.searchParams.get('screen')!, 'x-screen-key': u.searchParams.get('key')! };
});
afterAll(() => t.close());

const take = () => t.request('POST', '/api/queue/tickets', { hallId, serviceId }, bearer);
const act = (counter: string, action: string) => t.request('POST', `/api/halls/${hallId}/counters/${counter}/${action}`, {}, bearer);
const ask = () => t.request('GET', '/api/queue/rating-pad', undefined, {}, pad);
const answer = (ticket: string, rating: string, headers = pad) => t.request('POST', '/api/queue/rating-pad', { ticket, rating }, {}, headers);

describe('rating pad', () => {
  it('asks nothing until 办结, then about that ticket for 30 s; records the answer per counter once', async () => {
    await take();
    expect((await act('3', 'next')).body.number).toBe('A001');
    expect((await ask()).body).toEqual({ hallId, counter: '3' });
    expect((await answer('A001', 'great')).body.error.code).toBe('not_done');
    now += 60_000;
    expect((await act('3', 'done')).status).toBe(200);
    now += 29_000;
    expect((await ask()).body).toMatchObject({ counter: '3', ticket: { number: 'A001', serviceName: '居民业务' } });
    const rated = await answer('a001', 'great');
    expect(rated.status).toBe(200);
    expect(rated.body).toEqual({ counter: '3', number: 'A001', rating: 'great' });
    expect((await ask()).body.ticket).toBeUndefined();
    expect((await answer('A001', 'bad')).body.error.code).toBe('already_rated');
    const report = await t.request('GET', `/api/reports/queue?hallId=${hallId}`, undefined, { cookie: t.admin });
    expect(report.body.counters.find((c: { counter: string }) => c.counter === '3').ratings).toEqual({ great: 1, good: 0, bad: 0 });
  });

  it('stops asking after 30 s; 下一位 finishes the ticket too; only the newest ticket at the counter is rated', async () => {
    await take();
    await take();
    expect((await act('3', 'next')).body.number).toBe('A002');
    expect((await act('3', 'done')).status).toBe(200);
    now += 31_000;
    expect((await ask()).body.ticket).toBeUndefined();
    now += 60_000;
    expect((await answer('A002', 'good')).body.error.code).toBe('rating_closed');
    // 下一位 while A003 is at the counter finishes it (办结 is implied): the pad asks about A003.
    expect((await act('3', 'next')).body.number).toBe('A003');
    await take();
    expect((await act('3', 'next')).body.number).toBe('A004');
    expect((await ask()).body.ticket).toMatchObject({ number: 'A003' });
    expect((await answer('A002', 'good')).body.error.code).toBe('rating_closed');
    expect((await answer('A003', 'good')).status).toBe(200);
  });

  it('says what is wrong: no key, a bad key, a screen without a counter, a bad rating', async () => {
    expect((await t.request('GET', '/api/queue/rating-pad')).status).toBe(401);
    expect((await answer('A001', 'great', { ...pad, 'x-screen-key': 'wrong' })).status).toBe(401);
    const tv = await t.create('/api/screens', { hallId, name: '候区电视', area: 'waiting', kind: 'tv' });
    const u = new URL(tv.playerUrl);
    const noCounter = await t.request('GET', '/api/queue/rating-pad', undefined, {}, { 'x-screen-id': u.searchParams.get('screen')!, 'x-screen-key': u.searchParams.get('key')! });
    expect(noCounter.status).toBe(409);
    expect(noCounter.body.error.message).toMatch(/没有绑定窗口/);
    const bad = await answer('A001', 'meh');
    expect(bad.status).toBe(400);
  });
});

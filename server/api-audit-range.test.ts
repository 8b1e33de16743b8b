/**
 * `GET /api/audit?from=&to=`: dates are whole days of the hall's calendar (Asia/Shanghai here), both
 * ends included; instants are included up to the millisecond; a bound that is not a date says so in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

let now = Date.parse('2026-03-09T12:00:00Z');
let t: TestServer;
let cookie: string;
// Around 2026-03-10 in Shanghai (UTC+8): its first and last millisecond, and one on each side.
const EDGES = ['2026-03-09T15:59:59.999Z', '2026-03-09T16:00:00.000Z', '2026-03-10T15:59:59.999Z', '2026-03-10T16:00:00.000Z'];
const names = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer({ clock: () => now });
  for (const at of EDGES) {
    now = Date.parse(at);
    const hall = await t.create('/api/halls', { name: `厅 ${at}` }, { cookie: await t.login() });
    names.set(hall.id, at);
  }
  cookie = await t.login();
});
afterAll(() => t?.close());

/** The instants of the hall.create lines the query returns, oldest first. */
async function created(query: string): Promise<string[]> {
  const r = await t.request('GET', `/api/audit?action=hall.create&${query}`, undefined, { cookie });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.map((e: { at: string }) => e.at).reverse();
}

describe('GET /api/audit from/to', () => {
  it('a day from and to covers exactly that calendar day of the hall, both ends included', async () => {
    expect(await created('from=2026-03-10&to=2026-03-10')).toEqual([EDGES[1], EDGES[2]]);
    expect(await created('from=2026-03-09&to=2026-03-09')).toEqual([EDGES[0]]);
    expect(await created('from=2026-03-11')).toEqual([EDGES[3]]);
    expect(await created('to=2026-03-09')).toEqual([EDGES[0]]);
  });

  it('instant bounds include a line written at exactly that millisecond and not one a millisecond outside', async () => {
    expect(await created(`from=${EDGES[1]}&to=${EDGES[2]}`)).toEqual([EDGES[1], EDGES[2]]);
    expect(await created('from=2026-03-09T16:00:00.001Z&to=2026-03-10T15:59:59.998Z')).toEqual([]);
    expect(await created('from=2026-03-10T00:00:00%2B08:00&to=2026-03-10T23:59:59.999%2B08:00')).toEqual([EDGES[1], EDGES[2]]);
  });

  it.each([['from=2026-13-01'], ['to=yesterday'], ['from=2026-03-10T25:00:00Z'], ['from=20260310']])('%s is a 400 that names the parameter in Chinese', async (q) => {
    const r = await t.request('GET', `/api/audit?${q}`, undefined, { cookie });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_query');
    expect(r.body.error.message).toContain(q.split('=')[0]);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.error.message).not.toMatch(/Invalid/i);
  });

  it('from after to is a 400 rather than an empty list that looks like nobody did anything', async () => {
    const r = await t.request('GET', '/api/audit?from=2026-03-11&to=2026-03-10', undefined, { cookie });
    expect([r.status, r.body.error?.code]).toEqual([400, 'bad_range']);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

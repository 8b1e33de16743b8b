/** Bad input never gets a 5xx: malformed bodies, headers, paths and query strings across endpoints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_TOKEN, startTestServer, type Auth, type Reply, type TestServer } from './test-server';

let t: TestServer;
let ids: { hall: string; screen: string; slide: string; playlist: string; schedule: string };
beforeAll(async () => {
  t = await startTestServer();
  const hall = await t.create('/api/halls', { name: '模糊测试厅' });
  const screen = await t.create('/api/screens', { name: '屏', hallId: hall.id, area: 'waiting', kind: 'tv' });
  const slide = await t.approvedSlide('通知');
  const playlist = await t.create('/api/playlists', { name: '列表', items: [{ slideId: slide.id }] });
  const schedule = await t.create('/api/schedules', { name: '排期', target: { screenIds: [screen.id] }, playlistId: playlist.id });
  ids = { hall: hall.id, screen: screen.id, slide: slide.id, playlist: playlist.id, schedule: schedule.id };
});
afterAll(() => t.close());

/** Never a 5xx; a refusal carries the contract error shape. Returns whether it was refused. */
function expectNoServerError(r: Reply, what: string): boolean {
  expect(r.status, `${what} → ${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(500);
  if (r.status < 400) return false;
  expect(r.body, what).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  return true;
}
const expectClientError = (r: Reply, what: string): void => {
  expect(expectNoServerError(r, what), `${what} → ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
};

const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
const BODIES: string[] = [
  '', ' ', 'null', 'true', '0', '-1', '"text"', '[]', '[{}]', '{}', '{', '}', '{"a":', '\u0000', '{"a":"\\u0000"}',
  '{"name":null}', '{"name":123}', '{"name":{}}', '{"name":[]}', '{"name":""}', '{"name":"   "}',
  JSON.stringify({ name: 'x'.repeat(5000) }), '{"name":"\\ud800"}', '{"__proto__":{"role":"admin"},"name":"p"}',
  '{"constructor":{"prototype":{"x":1}}}', '{"priority":1e309}', '{"durationMs":-0}', '{"type":"notice"}',
  '{"type":"notice","title":"t","validFrom":"2026-01-02T00:00:00Z","validTo":"2026-01-01T00:00:00Z"}',
  '{"type":"outageNotice","title":"t","region":"r","start":"2026-01-02T00:00:00Z","end":"2026-01-01T00:00:00Z"}',
  '{"type":"image","title":"t","mediaId":"med_nope"}', '{"type":"constructor","title":"t"}', '{"type":"__proto__"}',
  '{"name":"n","items":[{"slideId":"sld_nope"}]}', '{"name":"n","items":"all"}', `{"name":"n","items":[${'{"slideId":"x"},'.repeat(600)}{"slideId":"x"}]}`,
  '{"name":"n","target":{},"playlistId":"x"}', '{"name":"n","target":{"all":true},"playlistId":"pl_nope"}',
  '{"name":"n","target":{"screenIds":["scr_nope"]},"playlistId":"x"}', '{"name":"n","target":{"hallIds":["hall_nope"]},"playlistId":"x"}',
  '{"name":"n","target":{"all":true},"playlistId":"x","when":{"from":"2026-12-01","until":"2026-01-01"}}',
  '{"name":"n","target":{"all":true},"playlistId":"x","when":{"windows":[{"start":"09:00","end":"09:00"}]}}',
  '{"kind":"emergency","target":{"all":true},"title":"t","expiresAt":"2000-01-01T00:00:00Z"}',
  '{"kind":"emergency","target":{"areas":["roof"]},"title":"t"}',
  '{"ticket":"A1","counter":"1","hallId":"hall_nope"}', '{"ticket":"A1","counter":1e400}', '{"ticket":["A1"],"counter":"1"}',
  '{"username":"ghost","password":{}}', '{"username":"","password":""}', '{"command":"format-disk"}',
  '{"name":"n","hallId":"hall_nope","area":"waiting","kind":"tv"}', '{"resolution":{"width":1e9,"height":-1}}',
  deep(5000, '[', ']'), deep(3000, '{"a":', '}').replace(/}$/, '1}'), '{"timezone":"../../etc/passwd","name":"x"}',
];

describe('no bad input gets a 5xx', () => {
  const endpoints = (): [string, string, Auth][] => {
    const admin = { cookie: t.admin };
    return [
      ['POST', '/api/auth/login', {}],
      ['POST', '/api/halls', admin],
      ['POST', '/api/screens', admin],
      ['PATCH', `/api/screens/${ids.screen}`, admin],
      ['POST', `/api/screens/${ids.screen}/commands`, admin],
      ['POST', '/api/slides', admin],
      ['PUT', `/api/slides/${ids.slide}`, admin],
      ['POST', '/api/playlists', admin],
      ['PUT', `/api/playlists/${ids.playlist}`, admin],
      ['POST', '/api/schedules', admin],
      ['PUT', `/api/schedules/${ids.schedule}`, admin],
      ['POST', '/api/overrides', admin],
      ['POST', '/api/queue/calls', { bearer: QUEUE_TOKEN }],
      ['POST', '/api/queue/events', { bearer: QUEUE_TOKEN }],
      ['POST', '/api/tokens', admin],
      ['PATCH', `/api/halls/${ids.hall}`, admin],
      ['PUT', '/api/voice/clips/qing', admin],
    ];
  };

  it(`answers ${BODIES.length} malformed bodies on each write endpoint without a 5xx`, async () => {
    const accepted = new Set<string>();
    for (const [method, url, auth] of endpoints())
      for (const body of BODIES) {
        const r = await t.request(method, url, body === '' ? undefined : body, auth, { 'content-type': 'application/json' });
        if (!expectNoServerError(r, `${method} ${url} ${body.slice(0, 60)}`)) accepted.add(`${method} ${url}`);
      }
    // Only schemas that ignore unknown keys take odd-but-valid bodies (a hall named by a lone surrogate, an
    // empty screen patch); every other endpoint refused all of them.
    expect([...accepted].sort()).toEqual(['PATCH /api/screens/' + ids.screen, 'POST /api/halls', `PATCH /api/halls/${ids.hall}`].sort());
  });

  it('still serves and still has its data afterwards', async () => {
    const r = await t.request('GET', `/api/screens/${ids.screen}/resolve`, undefined, { cookie: t.admin });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { slideId: string }) => i.slideId)).toEqual([ids.slide]);
    expect((await t.request('GET', `/api/slides/${ids.slide}`, undefined, { cookie: t.admin })).body.title).toBe('通知');
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unsupported charset', { 'content-type': 'application/json; charset=koi8-r' }, '{"name":"x"}'],
    ['a bogus gzip body', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{"name":"x"}'],
    ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'br2' }, '{"name":"x"}'],
    ['text/plain', { 'content-type': 'text/plain' }, '{"name":"x"}'],
    ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'xx'],
    ['no content type', { 'content-type': '' }, '{"name":"x"}'],
  ])('answers a body with %s with a 4xx', async (_name, headers, body) => {
    const r = await t.request('POST', '/api/halls', body, { cookie: t.admin }, headers);
    expectClientError(r, _name);
  });

  it.each([
    '/api/screens/%',
    '/api/screens/%E0%A4%A',
    '/api/slides/%00',
    `/api/slides/${'x'.repeat(4000)}`,
    '/api/screens/SCREEN/resolve?at=garbage',
    '/api/screens/SCREEN/resolve?at=2026-02-30T00:00:00Z',
    '/api/screens/SCREEN/resolve?at=2026-11-27T25:00:00Z',
    '/api/screens/SCREEN/resolve?at=1700000000000',
    '/api/screens/SCREEN/resolve?at=',
    '/api/halls/%/queue-state',
    '/api/queue/calls/%E0%A4%A/acks',
    '/api/overrides/x/acks',
    '/voice/call.wav',
    '/voice/call.wav?ticket[x]=1&counter=1',
    '/voice/call.wav?ticket=A1&counter=1&repeat=1e3',
    `/voice/call.wav?ticket=A1&counter=${'9'.repeat(5000)}`,
    '/voice/clips/%00.wav',
  ])('answers GET %s with a 4xx', async (path) => {
    const r = await t.request('GET', path.replace('SCREEN', ids.screen), undefined, { cookie: t.admin });
    expectClientError(r, path);
  });

  it.each([
    '/api/screens/SCREEN/resolve?at=0000-01-01T00:00:00Z',
    '/api/screens/SCREEN/resolve?at=9999-12-31T23:59:59Z',
    '/api/screens/SCREEN/resolve?at=2026-11-27T09:00:00%2B14:00',
    '/api/screens/SCREEN/resolve?at=a&at=b',
    '/api/screens/SCREEN/resolve?at[x]=1',
  ])('answers GET %s without a 5xx', async (path) => {
    const r = await t.request('GET', path.replace('SCREEN', ids.screen), undefined, { cookie: t.admin });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
  });
});

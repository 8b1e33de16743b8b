/** The hall's queue state carries the own queue's estimated wait per service, for the waiting-area boards. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueState } from '../content/queue';
import { QUEUE_TOKEN, startTestServer, type TestServer } from './test-server';

let t: TestServer;
let hallId: string;
const bearer = { bearer: QUEUE_TOKEN };
beforeAll(async () => {
  t = await startTestServer();
  hallId = (await t.create('/api/halls', { name: '等候估计厅' })).id;
});
afterAll(() => t.close());

const waitingOf = async () => {
  const r = await t.request('GET', `/api/halls/${hallId}/queue-state`, undefined, bearer);
  expect(r.status).toBe(200);
  return QueueState.parse(r.body).waiting;
};

describe('estimated waits in the queue state', () => {
  it('gives each service the wait of someone taking a ticket now: minutes per person × waiting ÷ open counters', async () => {
    const a = await t.create(`/api/halls/${hallId}/services`, { name: '居民业务', prefix: 'A', counters: ['1', '2'], serviceMinutes: 4 });
    await t.create(`/api/halls/${hallId}/services`, { name: '企业业务', prefix: 'B', counters: ['3'], serviceMinutes: 10 });
    for (let i = 0; i < 3; i++) expect((await t.request('POST', '/api/queue/tickets', { hallId, serviceId: a.id }, bearer)).status).toBe(201);
    // 4 min × 3 waiting ÷ 2 counters; nobody waits for B, so its wait is 0.
    expect(await waitingOf()).toEqual([{ service: '居民业务', count: 3, minutes: 6 }, { service: '企业业务', count: 0, minutes: 0 }]);
    // A paused counter halves the service's capacity; the board hears of it with the counter's snapshot.
    expect((await t.request('POST', `/api/halls/${hallId}/counters/2/pause`, {}, bearer)).status).toBe(200);
    expect((await waitingOf())[0]).toEqual({ service: '居民业务', count: 3, minutes: 12 });
    // The same figure the kiosk shows for that service.
    const kiosk = await t.request('GET', `/api/halls/${hallId}/own-queue`, undefined, bearer);
    expect(JSON.stringify(kiosk.body)).toContain('"estimatedWaitMinutes":12');
  });
});

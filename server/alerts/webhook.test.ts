import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../content/model';
import { createWebhookSender, webhookBody } from './webhook';

const alert: Alert = {
  id: 'alr_1',
  key: 'offline:scr_1',
  hallId: 'hall_1',
  screenId: 'scr_1',
  kind: 'offline',
  message: '屏幕「叫号电视」在营业时间内离线超过 5 分钟',
  startedAt: '2026-12-02T01:00:00.000Z',
  endedAt: null,
};
const ctx = { hallName: '城东营业厅', timeZone: 'Asia/Shanghai' };

/** A real HTTP receiver on port 0 that answers with the given statuses in turn (then 200). */
async function receiver(statuses: number[] = [], delayMs = 0) {
  const got: { at: number; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      got.push({ at: Date.now(), body: JSON.parse(raw) });
      const status = statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"errcode":0}'), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=secret`, got };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('webhook delivery', () => {
  it('shapes 企业微信 and 钉钉 robot text and plain JSON', () => {
    const wecom = webhookBody('wecom', alert, 'opened', ctx) as any;
    expect(wecom.msgtype).toBe('text');
    expect(wecom.text.content).toBe('【设备告警】城东营业厅 · 屏幕离线\n屏幕「叫号电视」在营业时间内离线超过 5 分钟\n开始：2026-12-02 09:00');
    expect(webhookBody('dingtalk', alert, 'opened', ctx)).toEqual(wecom);
    const closed = { ...alert, endedAt: '2026-12-02T01:12:00.000Z' };
    expect((webhookBody('wecom', closed, 'closed', ctx) as any).text.content).toContain('恢复：2026-12-02 09:12（持续约 12 分钟）');
    expect(webhookBody('json', closed, 'closed', ctx)).toEqual({ event: 'closed', alert: closed, hallName: '城东营业厅' });
  });

  it('delivers the open and then the close of an alert, in that order', async () => {
    const r = await receiver([], 50);
    const warns: string[] = [];
    const sender = createWebhookSender({ warn: (m) => warns.push(m) });
    sender.send(r.url, 'json', alert, 'opened', ctx);
    sender.send(r.url, 'json', { ...alert, endedAt: '2026-12-02T01:05:00.000Z' }, 'closed', ctx);
    await sender.idle();
    expect(r.got.map((g) => g.body.event)).toEqual(['opened', 'closed']);
    expect(warns).toEqual([]);
  });

  it('retries a failing receiver (500 twice, then 200) with growing delays, and logs the failures without the key', async () => {
    const r = await receiver([500, 500]);
    const warns: string[] = [];
    const sender = createWebhookSender({ baseDelayMs: 40, warn: (m) => warns.push(m) });
    sender.send(r.url, 'wecom', alert, 'opened', ctx);
    await sender.idle();
    expect(r.got).toHaveLength(3);
    const gaps = [r.got[1]!.at - r.got[0]!.at, r.got[2]!.at - r.got[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(warns).toHaveLength(2);
    expect(warns[0]).toContain('HTTP 500');
    expect(warns.join('\n')).not.toContain('secret');
  });

  it('gives up after the last try, and does not retry a 4xx', async () => {
    const dead = await receiver([503, 503, 503, 503]);
    const bad = await receiver([404]);
    const warns: string[] = [];
    const sender = createWebhookSender({ baseDelayMs: 5, tries: 3, warn: (m) => warns.push(m) });
    sender.send(dead.url, 'json', alert, 'opened', ctx);
    sender.send(bad.url, 'json', { ...alert, id: 'alr_2' }, 'opened', ctx);
    await sender.idle();
    expect(dead.got).toHaveLength(3);
    expect(bad.got).toHaveLength(1);
    expect(warns.filter((w) => w.includes('giving up'))).toHaveLength(2);
  });

  it('times out an attempt that gets no answer and tries again', async () => {
    const slow = await receiver([], 300);
    const warns: string[] = [];
    const sender = createWebhookSender({ baseDelayMs: 5, tries: 2, timeoutMs: 100, warn: (m) => warns.push(m) });
    const t0 = Date.now();
    sender.send(slow.url, 'json', alert, 'opened', ctx);
    await sender.idle();
    expect(slow.got).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(warns[0]).toContain('no answer in 100 ms');
  });
});

/** Ticker text passes review: unreviewed text never reaches a screen's manifest; approved text does, and stays while an edit waits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutTemplate } from '../content/layout-templates';
import type { Manifest } from '../content/protocol';
import { connectScreen, startTestServer, type PlayerClient, type TestServer } from './test-server';

let t: TestServer;
let reviewer: string;
let editor: string;
const clients: PlayerClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  [reviewer, editor] = await Promise.all([t.userCookie('reviewer'), t.userCookie('editor')]);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const withTicker = (text: string) => {
  const l = layoutTemplate('tvMain').build();
  return { ...l, zones: l.zones.map((z) => (z.content.type === 'ticker' ? { ...z, content: { ...z.content, text } } : z)) };
};
const tickerTexts = (m: Manifest): string[] => (m.layouts ?? []).flatMap((l) => l.zones.flatMap((z) => (z.content.type === 'ticker' ? [z.content.text] : [])));
/** The manifest a real screen gets over /ws/player right now. */
async function manifestOf(playerUrl: string): Promise<Manifest> {
  const c = connectScreen(t.port, playerUrl);
  clients.push(c);
  const m = (await c.take('manifest')).manifest;
  c.close();
  return m;
}

describe('ticker review', () => {
  it('unreviewed ticker text never reaches a manifest; approved text does; an edit waits while the approved text plays', async () => {
    const h = await t.makeHall('字幕厅');
    const layout = await t.create('/api/layouts', withTicker('今晚 20:00 起系统升级，暂停线上交费'), { cookie: editor });
    expect((await t.request('PATCH', `/api/screens/${h.waiting.id}`, { layoutId: layout.id }, { cookie: t.admin })).status).toBe(200);

    let m = await manifestOf(h.waiting.playerUrl);
    expect(m.layouts!.map((l) => l.id)).toEqual([layout.id]);
    expect(tickerTexts(m)).toEqual([]);
    expect(JSON.stringify(m)).not.toContain('系统升级');
    expect(m.layouts![0]!.zones.some((z) => z.content.type === 'main')).toBe(true);

    expect((await t.request('POST', `/api/layouts/${layout.id}/approve`, undefined, { cookie: editor })).status).toBe(403);
    const ok = await t.request('POST', `/api/layouts/${layout.id}/approve`, undefined, { cookie: reviewer });
    expect(ok.status).toBe(200);
    expect(ok.body.approvedTickers.ticker).toMatchObject({ text: '今晚 20:00 起系统升级，暂停线上交费', by: expect.stringMatching(/^reviewer-/) });
    m = await manifestOf(h.waiting.playerUrl);
    expect(tickerTexts(m)).toEqual(['今晚 20:00 起系统升级，暂停线上交费']);
    expect(m.layouts![0]).not.toHaveProperty('approvedTickers');

    await t.request('PUT', `/api/layouts/${layout.id}`, { ...withTicker('未经审核的新字幕'), name: layout.name }, { cookie: editor });
    m = await manifestOf(h.waiting.playerUrl);
    expect(tickerTexts(m)).toEqual(['今晚 20:00 起系统升级，暂停线上交费']);
    expect(JSON.stringify(m)).not.toContain('未经审核的新字幕');
  });

  it('the built-in template ticker text plays without review', async () => {
    const h = await t.makeHall('模板厅');
    const layout = await t.create('/api/layouts', layoutTemplate('tvMain').build());
    await t.request('PATCH', `/api/screens/${h.waiting.id}`, { layoutId: layout.id }, { cookie: t.admin });
    expect(tickerTexts(await manifestOf(h.waiting.playerUrl))).toHaveLength(1);
  });
});

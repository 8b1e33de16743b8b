/** Kiosk apps through the slides API: broken trees and broken references are refused, naming the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKioskApp } from '../content/demo-kiosk';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
let admin: { cookie: string };
let priceId: string;
let noticeId: string;

const tariff = { basis: 'month', tiers: [{ name: '第一档', upToKwh: 230, pricePerKwh: 0.5283 }, { name: '第二档', upToKwh: null, pricePerKwh: 0.5783 }] };

beforeAll(async () => {
  t = await startTestServer();
  admin = { cookie: t.admin };
  priceId = (await t.create('/api/slides', { type: 'priceTable', title: '电价', tiers: [{ name: '第一档', range: '0–230', price: '0.5283' }], tariff })).id;
  noticeId = (await t.create('/api/slides', { type: 'notice', title: '通知', body: '' })).id;
});
afterAll(() => t.close());

const post = (body: unknown) => t.request('POST', '/api/slides', body, admin);

describe('kioskApp slides', () => {
  it('saves the demo app as a draft and ships its price slide with it', async () => {
    const r = await post(demoKioskApp({ priceSlideId: priceId }));
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('draft');
    expect(r.body.pages.find((p: { id: string }) => p.id === 'prices').priceSlideId).toBe(priceId);
  });

  it('refuses a tile to a missing page with 400, naming page and tile', async () => {
    const app = demoKioskApp({ priceSlideId: priceId });
    const home = app.pages[0]!;
    if (home.type !== 'menu') throw new Error('home is a menu');
    home.tiles.push({ label: '不存在', hint: '', icon: '', target: 'nowhere' });
    const r = await post(app);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('「不存在」指向不存在的页面「nowhere」');
  });

  it.each<[string, (a: ReturnType<typeof demoKioskApp>) => void, string]>([
    ['a price page on a slide that is not a price table', (a) => ((a.pages.find((p) => p.type === 'prices') as { priceSlideId: string }).priceSlideId = noticeId), '电价表'],
    ['a slide page on a missing slide', (a) => a.pages.push({ type: 'slide', id: 'extra', title: '额外', slideId: 'sld_nope' }), 'sld_nope'],
    ['a map on a missing image', (a) => ((a.pages.find((p) => p.type === 'map') as { mediaId?: string }).mediaId = 'med_nope'), 'med_nope'],
  ])('refuses %s', async (_name, mutate, words) => {
    const app = demoKioskApp({ priceSlideId: priceId });
    mutate(app);
    const r = await post(app);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(words);
  });

  it('refuses a price table without numeric prices as a calculator source', async () => {
    const bare = (await t.create('/api/slides', { type: 'priceTable', title: '只有文字', tiers: [{ name: 'a', range: 'b', price: 'c' }] })).id;
    const r = await post(demoKioskApp({ priceSlideId: bare }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('no_tariff');
  });
});

describe('kiosk apps elsewhere', () => {
  it('a preview of an unsaved app ships the price slide it opens', async () => {
    const r = await t.request('POST', '/api/preview/manifest', { kind: 'kiosk', slide: demoKioskApp({ priceSlideId: priceId }) }, admin);
    expect(r.status).toBe(200);
    expect(r.body.slides.map((s: { id: string }) => s.id)).toContain(priceId);
  });

  it('a slide used as a kiosk page cannot be deleted, naming the app', async () => {
    const app = demoKioskApp({ priceSlideId: priceId });
    app.title = '大厅查询机';
    expect((await post(app)).status).toBe(201);
    const r = await t.request('DELETE', `/api/slides/${priceId}`, undefined, admin);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('大厅查询机');
  });
});

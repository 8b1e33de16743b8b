/**
 * The daily path of a publicity staff member, as one story (issue 15 "Done when"), in Chromium with the
 * browser's clock in Pago Pago (unlike the halls'): upload a picture, make an 电价调整 notice from its
 * template, submit both, a reviewer approves, put them in a playlist and schedule it for one TV — the open
 * TV plays them; then fix a typo in the approved notice: the TV keeps the approved text while the edit
 * waits, and switches once the reviewer approves it. The pieces have their own tests; this one checks
 * they join up with staff roles (an editor cannot approve, a reviewer does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

const run = Date.now() % 100000;
const PASSWORD = 'Daily-path-2026';
const TITLE = `电价调整公告-${run}`;
const FIXED = `电价调整公告（更正）-${run}`;
const PICTURE = `营业厅宣传画-${run}.png`;

let browser: Browser;
const contexts: BrowserContext[] = [];
let api: Awaited<ReturnType<typeof adminSession>>;
let screen: { id: string; playerUrl: string };
let editor: Page;
let reviewer: Page;
let player: Page;
let noticeId: string;
let pictureSlideId: string;

const json = async (r: Response) => {
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json() as Promise<any>;
};

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${username} page error]`, err.message));
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

function samplePng(): Promise<Buffer> {
  const w = 320;
  const h = 180;
  const raw = Buffer.alloc(w * h * 3);
  for (let i = 0; i < raw.length; i += 3) raw.set([200, 60 + ((i / 3) % w) / 2, 40], i);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

const slideRow = (page: Page, id: string) => page.locator(`[data-testid="slide-row"][data-slide-id="${id}"]`);

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
  for (const [role, displayName] of [['editor', '宣传小张'], ['reviewer', '审核老周']])
    await json(await api('/api/users', { body: { username: `daily-${role}-${run}`, password: PASSWORD, displayName, role } }));
  const hall = await json(await api('/api/halls', { body: { name: `日常厅-${run}` } }));
  screen = await json(await api('/api/screens', { body: { name: '日常电视', hallId: hall.id, area: 'waiting', kind: 'tv' } }));
  editor = await staffPage(`daily-editor-${run}`);
  reviewer = await staffPage(`daily-reviewer-${run}`);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('a publicity staff member\'s day', () => {
  it('uploads a picture and makes a picture slide of it', async () => {
    await editor.getByTestId('nav-media').click();
    await editor.getByTestId('media-grid').waitFor();
    await editor.getByTestId('media-upload-input').setInputFiles({ name: PICTURE, mimeType: 'image/png', buffer: await samplePng() });
    const tile = editor.getByTestId('media-item').filter({ hasText: PICTURE });
    await expect.poll(() => tile.count(), { timeout: 10_000 }).toBe(1);
    const mediaId = (await tile.getAttribute('data-media-id'))!;

    await editor.goto(`${baseUrl()}/editor/#/slides/new`);
    await editor.getByTestId('slide-type').selectOption('image');
    await editor.getByTestId('slide-title').fill(`宣传画-${run}`);
    await editor.getByTestId('slide-duration').fill('4');
    await editor.locator(`[data-testid="slide-media"] [data-testid="media-tile"][data-media-id="${mediaId}"]`).click();
    await editor.getByTestId('slide-save-submit').click();
    const row = editor.getByTestId('slide-row').filter({ hasText: `宣传画-${run}` });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5000 }).toBe('pending');
    pictureSlideId = (await row.getAttribute('data-slide-id'))!;
  });

  it('makes a notice from the 电价调整 template, and an editor cannot approve it', async () => {
    await editor.goto(`${baseUrl()}/editor/#/slides/new`);
    await editor.getByTestId('slide-template').selectOption('tariff-change');
    await expect.poll(() => editor.getByTestId('slide-body').inputValue()).toContain('95598');
    await editor.getByTestId('slide-title').fill(TITLE);
    await editor.getByTestId('slide-duration').fill('4');
    await editor.getByTestId('slide-body').fill('根据省发改委文件，自2027年1月1日起，居民生活用电第一档电价调整为 0.5383 元/千瓦时。');
    await editor.getByTestId('slide-save-submit').click();
    const row = editor.getByTestId('slide-row').filter({ hasText: TITLE });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5000 }).toBe('pending');
    noticeId = (await row.getAttribute('data-slide-id'))!;
    expect(await row.getByTestId('slide-approve').count()).toBe(0);
  });

  it('a reviewer approves both from the 待审核 queue', async () => {
    for (const id of [pictureSlideId, noticeId]) {
      await reviewer.goto(`${baseUrl()}/editor/#/review/${id}`);
      await reviewer.getByTestId('review-approve').click();
      await reviewer.getByTestId('review-table').waitFor();
    }
    for (const id of [pictureSlideId, noticeId]) expect((await json(await api(`/api/slides/${id}`))).status).toBe('approved');
  });

  it('puts them in a playlist, schedules it for one TV, and the TV plays the notice', async () => {
    const playlistName = `日常轮播-${run}`;
    await editor.goto(`${baseUrl()}/editor/#/playlists`);
    await editor.getByTestId('playlist-new').click();
    await editor.getByTestId('playlist-name').fill(playlistName);
    for (const id of [noticeId, pictureSlideId]) {
      await editor.getByTestId('playlist-add-slide').selectOption(id);
      await editor.getByTestId('playlist-add-button').click();
    }
    await expect.poll(() => editor.getByTestId('playlist-item').count()).toBe(2);
    await editor.getByTestId('playlist-save').click();
    const listRow = editor.getByTestId('playlist-row').filter({ hasText: playlistName });
    await expect.poll(() => listRow.count(), { timeout: 5000 }).toBe(1);
    const playlistId = (await listRow.getAttribute('data-playlist-id'))!;

    await editor.getByTestId('nav-schedules').click();
    await editor.getByTestId('schedule-new').click();
    await editor.getByTestId('schedule-name').fill(`${playlistName} 排期`);
    await editor.getByTestId('schedule-playlist').selectOption(playlistId);
    await editor.getByTestId('schedule-target-kind-screens').check();
    await editor.getByTestId('schedule-screens').locator(`input[value="${screen.id}"]`).check();
    await editor.getByTestId('schedule-priority').fill('90');
    await editor.getByTestId('schedule-save').click();
    await editor.getByTestId('schedule-row').filter({ hasText: `${playlistName} 排期` }).waitFor({ timeout: 5000 });

    player = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await player.goto(screen.playerUrl);
    await expect.poll(() => player.getByTestId('now-playing').textContent(), { timeout: 30_000 }).toContain(TITLE);
    // The picture is in the rotation too (slides alternate on the open TV).
    await expect.poll(() => player.getByTestId('now-playing').getAttribute('data-slide-id'), { timeout: 30_000 }).toBe(pictureSlideId);
  });

  it('a typo fixed in the approved notice waits for review while the TV keeps the approved text', async () => {
    await editor.goto(`${baseUrl()}/editor/#/slides/${noticeId}`);
    await editor.getByTestId('slide-on-air-note').waitFor();
    await editor.getByTestId('slide-title').fill(FIXED);
    await editor.getByTestId('slide-save-submit').click();
    await expect.poll(() => slideRow(editor, noticeId).getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    // The rotation comes round to the notice again (via the picture): still the approved text, never the edit.
    const seen: string[] = [];
    const shownNow = async () => {
      const text = (await player.getByTestId('now-playing').textContent()) ?? '';
      seen.push(text);
      return text;
    };
    await expect.poll(async () => (await shownNow(), player.getByTestId('now-playing').getAttribute('data-slide-id')), { timeout: 30_000, interval: 100 }).toBe(pictureSlideId);
    await expect.poll(shownNow, { timeout: 30_000, interval: 100 }).toContain(TITLE);
    expect(seen.filter((t) => t.includes(FIXED))).toEqual([]);
  });

  it('approved, the TV switches to the corrected notice', async () => {
    await reviewer.goto(`${baseUrl()}/editor/#/review/${noticeId}`);
    await reviewer.getByTestId('review-approve').click();
    await reviewer.getByTestId('review-table').waitFor();
    await expect.poll(() => player.getByTestId('now-playing').textContent(), { timeout: 30_000 }).toContain(FIXED);
  });
});

/**
 * Daily editing as staff expect it (issue 15): the editor on a phone (390×844), checked by geometry —
 * bounding boxes, not only the DOM — with screenshots at 390×844 and 1440×900 kept in e2e/artifacts/;
 * the small things staff trip over; search and filters, 复制, and templates for recurring notices.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

const ARTIFACTS = `${import.meta.dirname}/artifacts`;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const run = Date.now() % 100000;
const PHONE_PASSWORD = 'Phone-pass-2026!';

let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let api: Awaited<ReturnType<typeof adminSession>>;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function login(page: Page, username = 'admin', password = inject('adminPassword')): Promise<void> {
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** The box of a locator, scrolled into view first; fails when it has none (not rendered). */
async function boxOf(el: Locator): Promise<Box> {
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  if (!box) throw new Error('element has no box');
  return box;
}

/** Fully inside the viewport's width (a control cut off at the right edge cannot be tapped). */
function expectInsideWidth(box: Box, width: number): void {
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  api = await adminSession();
  // An admin with a long display name: it wrapped one character per line on a phone.
  const user = await api('/api/users', { body: { username: `phone${run}`, password: PHONE_PASSWORD, displayName: '值班主任王建国', role: 'admin' } });
  expect(user.status).toBe(201);
  const created = await api('/api/slides', { body: { type: 'notice', title: `手机端检查公告 ${run}`, body: '本厅周六照常营业。' } });
  expect(created.status).toBe(201);
  phoneContext = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
  phone = await phoneContext.newPage();
  phone.on('pageerror', (err) => console.error('[phone page error]', err.message));
  await login(phone, `phone${run}`, PHONE_PASSWORD);
});
afterAll(async () => {
  await phoneContext?.close();
  await browser?.close();
});

describe('the editor at 390×844', () => {
  it('keeps the user name on one line and the page no wider than the phone', async () => {
    await phone.goto(`${baseUrl()}/editor/#/slides`);
    await phone.getByTestId('slide-row').first().waitFor();
    const lines = await phone.getByTestId('current-user').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el.firstChild!);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('shows every slide row\'s actions inside the screen, and they can be tapped', async () => {
    const row = phone.getByTestId('slide-row').filter({ hasText: `手机端检查公告 ${run}` });
    // Scroll the page only (a person scrolls down, not sideways inside a table), then measure.
    await row.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120));
    for (const id of ['slide-edit', 'slide-submit', 'slide-approve', 'slide-delete']) {
      const action = row.getByTestId(id);
      const box = (await action.boundingBox())!;
      expectInsideWidth(box, PHONE.width);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      await action.click({ trial: true, timeout: 2000 });
    }
    await row.getByTestId('slide-delete').click();
    await phone.getByTestId('confirm-cancel').click();
    await phone.screenshot({ path: `${ARTIFACTS}/editor-slides-390x844.png`, fullPage: true });
    await row.getByTestId('slide-edit').click();
    await phone.getByTestId('slide-title').waitFor();
    expectInsideWidth(await boxOf(phone.getByTestId('slide-save')), PHONE.width);
  });

  it('draws the 日程表 hour labels without overlaps', async () => {
    await phone.goto(`${baseUrl()}/editor/#/timeline`);
    await phone.locator('.tl-tick').first().waitFor();
    const boxes = (await phone.locator('.tl-tick').evaluateAll((ticks) =>
      ticks.map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }))));
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < boxes.length; i++) expect(overlaps(boxes[i - 1]!, boxes[i]!), `labels ${i - 1} and ${i} overlap`).toBe(false);
    for (const b of boxes) expectInsideWidth(b, PHONE.width);
    await phone.screenshot({ path: `${ARTIFACTS}/editor-timeline-390x844.png`, fullPage: true });
  });

  it('reaches 紧急通知 from any page in one tap, on the first screen', async () => {
    await phone.goto(`${baseUrl()}/editor/#/slides`);
    const shortcut = phone.getByTestId('nav-emergency');
    const box = (await shortcut.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expectInsideWidth(box, PHONE.width);
    await shortcut.tap();
    const open = phone.getByTestId('publish-open');
    await open.waitFor();
    const openBox = (await open.boundingBox())!;
    expect(openBox.y + openBox.height).toBeLessThanOrEqual(PHONE.height);
    expectInsideWidth(openBox, PHONE.width);
    await phone.screenshot({ path: `${ARTIFACTS}/editor-live-390x844.png` });
    await open.tap();
    const title = phone.getByTestId('publish-title');
    await title.waitFor();
    expectInsideWidth(await boxOf(title), PHONE.width);
    await phone.keyboard.press('Escape');
  });

  it('keeps a 1440×900 screenshot of the same pages', async () => {
    const desk = await browser.newPage({ viewport: DESKTOP });
    await login(desk);
    await desk.goto(`${baseUrl()}/editor/#/slides`);
    await desk.getByTestId('slide-row').first().waitFor();
    await desk.screenshot({ path: `${ARTIFACTS}/editor-slides-1440x900.png` });
    await desk.goto(`${baseUrl()}/editor/#/timeline`);
    await desk.locator('.tl-tick').first().waitFor();
    await desk.screenshot({ path: `${ARTIFACTS}/editor-timeline-1440x900.png` });
    await desk.close();
  });
});

describe('small things staff trip over', () => {
  it('shows "标题不能为空" where no toast covers it', async () => {
    for (const page of [phone, await browser.newPage({ viewport: DESKTOP })]) {
      if (page !== phone) await login(page);
      await page.goto(`${baseUrl()}/editor/#/slides/new`);
      await page.getByTestId('slide-body').fill('正文已写，标题忘了。');
      await page.getByTestId('slide-save').scrollIntoViewIfNeeded();
      await page.getByTestId('slide-save').click();
      const error = page.locator('[data-error-for="title"]');
      await expect.poll(() => error.textContent()).toContain('标题不能为空');
      const toastBox = (await page.getByTestId('toast').last().boundingBox())!;
      const errorBox = (await error.boundingBox())!;
      expect(errorBox.y).toBeGreaterThanOrEqual(0);
      expect(errorBox.y + errorBox.height).toBeLessThanOrEqual(page.viewportSize()!.height);
      expect(overlaps(toastBox, errorBox), 'the toast covers the title error').toBe(false);
      // Leave without the unsaved-changes question.
      await page.getByTestId('slide-cancel').click();
      if (page !== phone) await page.close();
    }
  });

  it('tells an editor who opens #/live why they landed elsewhere', async () => {
    const res = await api('/api/users', { body: { username: `editor${run}`, password: PHONE_PASSWORD, displayName: '宣传干事', role: 'editor' } });
    expect(res.status).toBe(201);
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await login(page, `editor${run}`, PHONE_PASSWORD);
    await page.goto(`${baseUrl()}/editor/#/live`);
    await expect.poll(() => page.getByTestId('toast').allTextContents(), { timeout: 5000 })
      .toContainEqual(expect.stringContaining('「现场控制」只对管理员、现场值班开放'));
    // Home for an editor is the 工作台.
    expect(page.url()).toContain('#/workbench');
    expect(await page.getByTestId('nav-emergency').count()).toBe(0);
    await context.close();
  });

  it('test-call fields show examples, not values that look typed', async () => {
    await phone.goto(`${baseUrl()}/editor/#/live`);
    const ticket = phone.getByTestId('call-ticket');
    await ticket.waitFor();
    expect(await ticket.inputValue()).toBe('');
    expect(await ticket.getAttribute('placeholder')).toMatch(/^例如/);
    expect(await phone.getByTestId('call-counter').getAttribute('placeholder')).toMatch(/^例如/);
    const [shown, typed] = await ticket.evaluate((el) => {
      return [getComputedStyle(el, '::placeholder').fontStyle, getComputedStyle(el).fontStyle];
    });
    expect(shown).toBe('italic');
    expect(typed).toBe('normal');
  });

  it('keeps fps, memory and clock offset off the screen cards, under 运行详情', async () => {
    await phone.goto(`${baseUrl()}/editor/#/screens`);
    const card = phone.getByTestId('screen-card').first();
    await card.waitFor();
    expect(await card.locator('[data-stat="fps"]').isVisible()).toBe(false);
    expect(await card.innerText()).not.toContain('时钟偏差');
    await card.getByTestId('screen-card-more').click();
    expect(await card.locator('[data-stat="fps"]').isVisible()).toBe(true);
  });
});

describe('what staff expect of the lists and the new-slide form', () => {
  let desk: Page;
  const tag = `日常${run}`;
  beforeAll(async () => {
    const soon = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    for (const body of [
      { type: 'notice', title: `${tag}-电价调整`, body: '新电价', validTo: soon },
      { type: 'welcome', title: `${tag}-欢迎`, hallName: '示范营业厅' },
    ]) expect((await api('/api/slides', { body })).status).toBe(201);
    const slides = (await (await api('/api/slides')).json()) as { id: string; title: string }[];
    const slideId = slides.find((x) => x.title === `${tag}-电价调整`)!.id;
    for (const name of [`${tag}-展示区轮播`, `${tag}-等候区轮播`])
      expect((await api('/api/playlists', { body: { name, items: [{ slideId }] } })).status).toBe(201);
    const playlists = (await (await api('/api/playlists')).json()) as { id: string; name: string }[];
    const screens = (await (await api('/api/screens')).json()) as { id: string }[];
    const playlistId = playlists.find((p) => p.name === `${tag}-展示区轮播`)!.id;
    // Below every other entry, so this test never changes what another test's screen plays.
    for (const name of [`${tag}-周末排期`, `${tag}-工作日排期`])
      expect((await api('/api/schedules', { body: { name, target: { screenIds: [screens[0]!.id] }, playlistId, priority: -100 } })).status).toBe(201);
    desk = await browser.newPage({ viewport: DESKTOP });
    desk.on('pageerror', (err) => console.error('[editor page error]', err.message));
    await login(desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('searches and filters slides by title, type and 7 天内到期; playlists and schedules by name', async () => {
    await desk.goto(`${baseUrl()}/editor/#/slides`);
    const rows = desk.getByTestId('slide-row');
    await rows.first().waitFor();
    await desk.getByTestId('slide-search').fill(tag);
    await expect.poll(() => rows.count()).toBe(2);
    await desk.getByTestId('slide-type-filter').selectOption('welcome');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining(`${tag}-欢迎`)]);
    await desk.getByTestId('slide-type-filter').selectOption('');
    await desk.getByTestId('slide-expiring-filter').check();
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining(`${tag}-电价调整`)]);
    expect(await desk.getByTestId('slide-filter-all').textContent()).toContain('1');

    await desk.goto(`${baseUrl()}/editor/#/playlists`);
    await desk.getByTestId('playlist-row').first().waitFor();
    await desk.getByTestId('playlist-search').fill(`${tag}-等候`);
    await expect.poll(() => desk.getByTestId('playlist-row').allTextContents()).toEqual([expect.stringContaining(`${tag}-等候区轮播`)]);

    await desk.goto(`${baseUrl()}/editor/#/schedules`);
    await desk.getByTestId('schedule-row').first().waitFor();
    await desk.getByTestId('schedule-search').fill(`${tag}-周末`);
    await expect.poll(() => desk.getByTestId('schedule-row').allTextContents()).toEqual([expect.stringContaining(`${tag}-周末排期`)]);
  });

  it('复制 makes "<title>（副本）" as a draft, for a slide and for a playlist', async () => {
    await desk.goto(`${baseUrl()}/editor/#/slides`);
    await desk.getByTestId('slide-search').fill(`${tag}-电价调整`);
    const rows = desk.getByTestId('slide-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByTestId('slide-duplicate').click();
    const copy = rows.filter({ hasText: `${tag}-电价调整（副本）` });
    await expect.poll(() => copy.count(), { timeout: 5000 }).toBe(1);
    expect(await copy.getAttribute('data-status')).toBe('draft');

    await desk.goto(`${baseUrl()}/editor/#/playlists`);
    await desk.getByTestId('playlist-search').fill(`${tag}-展示区轮播`);
    await desk.getByTestId('playlist-row').first().getByTestId('playlist-duplicate').click();
    await expect.poll(() => desk.getByTestId('playlist-row').filter({ hasText: `${tag}-展示区轮播（副本）` }).count(), { timeout: 5000 }).toBe(1);
    expect(await desk.getByTestId('playlist-row').filter({ hasText: `${tag}-展示区轮播（副本）` }).textContent()).toContain('1 项');
  });

  it('starts a 节假日营业时间 notice from its template and refuses to save it with blanks left', async () => {
    await desk.goto(`${baseUrl()}/editor/#/slides/new`);
    await desk.getByTestId('slide-template').selectOption('holiday-hours');
    const title = desk.getByTestId('slide-title');
    await expect.poll(() => title.inputValue()).toContain('【请填写：节日】');
    expect(await desk.getByTestId('slide-body').inputValue()).toContain('网上国网');
    await desk.getByTestId('slide-save').click();
    await expect.poll(() => desk.locator('[data-error-for="title"]').textContent()).toContain('请填写模板中的「节日」');
    await title.fill(`${tag}-国庆节营业时间安排`);
    await desk.getByTestId('slide-body').fill('10月1日至10月7日，本营业厅营业时间调整为 9:00–16:00。');
    await desk.getByTestId('slide-save').click();
    const row = desk.getByTestId('slide-row').filter({ hasText: `${tag}-国庆节营业时间安排` });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('draft');
  });
});

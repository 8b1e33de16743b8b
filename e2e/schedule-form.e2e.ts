/**
 * The schedule form says what is wrong and only while it is (browser clock in Pago Pago): a date-order
 * error goes once the dates are fixed or cleared; a window like 17:30–08:30 is asked about (跨夜?)
 * instead of silently saved as overnight; leaving with changes asks and the draft comes back; screens are picked with plain clicks on checkboxes, searchable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const run = Date.now() % 100000;
let hallId: string;
const screenIds: string[] = [];
const slot = (path: string) => page.locator(`[data-error-for="${path}"]`);

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ timezoneId: 'Pacific/Pago_Pago', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await page.goto(`${baseUrl()}/editor/`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(inject('adminPassword'));
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('schedule form', () => {
  it('drops 结束日期早于开始日期 once the dates are cleared', async () => {
    await page.goto(`${baseUrl()}/editor/#/schedules/new`);
    await page.getByTestId('schedule-when-enabled').check();
    await page.getByTestId('schedule-from').fill('2026-12-10');
    await page.getByTestId('schedule-until').fill('2026-12-05');
    await page.getByTestId('schedule-save').click();
    await expect.poll(() => slot('when').textContent()).toContain('结束日期早于开始日期');
    await page.getByTestId('schedule-from').fill('');
    await page.getByTestId('schedule-until').fill('');
    await expect.poll(() => slot('when').textContent()).toBe('');
  });

  it('asks 这是跨夜时段吗？ for 17:30–08:30 and refuses to save until confirmed', async () => {
    await page.getByTestId('schedule-window-add').click();
    const question = page.getByTestId('schedule-window-overnight-question');
    expect(await question.isVisible()).toBe(false);
    await page.getByTestId('schedule-window-start').fill('17:30');
    await page.getByTestId('schedule-window-end').fill('08:30');
    await expect.poll(() => question.isVisible()).toBe(true);
    expect(await question.textContent()).toContain('这是跨夜时段吗？是，17:30 至次日 08:30');
    await page.getByTestId('schedule-save').click();
    await expect.poll(() => slot('when.windows').textContent()).toContain('跨夜');
    await page.getByTestId('schedule-window-overnight').check();
    await expect.poll(() => slot('when.windows').textContent()).toBe('');
  });

  it('leaving with changes asks (as in the slide form), and the draft is offered back on return', async () => {
    const api = await adminSession();
    hallId = ((await (await api('/api/halls', { body: { name: `排期厅-${run}` } })).json()) as { id: string }).id;
    for (let i = 1; i <= 9; i++)
      screenIds.push(((await (await api('/api/screens', { body: { name: `屏${i}号-${hallId}`, hallId, area: 'waiting', kind: 'tv' } })).json()) as { id: string }).id);
    await page.getByTestId('schedule-name').fill(`跨夜排期-${run}`);
    await page.goto(`${baseUrl()}/editor/#/schedules`);
    await page.getByTestId('confirm-dialog').waitFor();
    expect(new URL(page.url()).hash).toBe('#/schedules/new');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('schedule-new').click();
    await page.getByTestId('schedule-draft-offer').waitFor();
    expect(await page.getByTestId('schedule-name').inputValue()).toBe('');
    await page.getByTestId('schedule-draft-restore').click();
    await expect.poll(() => page.getByTestId('schedule-name').inputValue()).toBe(`跨夜排期-${run}`);
    expect(await page.getByTestId('schedule-window-overnight').isChecked()).toBe(true);
  });

  it('picks screens with plain clicks (no Ctrl), keeps both, and a long list filters by name', async () => {
    const list = page.getByTestId('schedule-screens');
    await list.locator(`input[value="${screenIds[0]}"]`).click();
    await list.locator(`input[value="${screenIds[1]}"]`).click();
    expect(await page.getByTestId('schedule-screens-count').textContent()).toBe('已选 2 项');
    await page.getByTestId('schedule-screens-search').fill(`屏9号-${hallId}`);
    expect(await list.locator('label.check-item:visible').count()).toBe(1);
    expect(await page.getByTestId('schedule-screens-count').textContent()).toBe('已选 2 项（其中 2 项未在筛选结果中）');
    await list.locator(`input[value="${screenIds[8]}"]`).click();
    await expect.poll(() => page.getByTestId('schedule-conflicts-screens').textContent()).toBe('将投放到 3 块屏幕');
  });
});

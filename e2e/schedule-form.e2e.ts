/**
 * The schedule form says what is wrong and only while it is (browser clock in Pago Pago): a date-order
 * error goes once the dates are fixed or cleared; a window like 17:30–08:30 is asked about (跨夜?)
 * instead of silently saved as overnight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl } from './api';
import { launchBrowser } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
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
});

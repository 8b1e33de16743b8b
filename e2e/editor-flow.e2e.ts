/**
 * The publicity-staff story end to end: log in to the editor, write a notice, approve it, put it in a
 * playlist, schedule it for one screen — and watch that screen (already open, never reloaded) switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminSession, baseUrl } from './api';
import { launchBrowser, regionStats } from './browser';

type ScreenRow = { id: string; name: string; area: string; playerUrl: string };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('editor → player', () => {
  it('a notice created, approved, listed and scheduled in the editor appears on the open player', async () => {
    const api = await adminSession();
    const screens = (await (await api('/api/screens')).json()) as ScreenRow[];
    const target = screens.find((s) => s.area === 'exhibition')!;

    const player = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await player.goto(target.playerUrl);
    await player.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'));

    const editor = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    editor.on('pageerror', (err) => console.error('[editor page error]', err.message));
    await editor.goto(`${baseUrl()}/editor/`);
    await editor.getByTestId('login-username').fill('admin');
    await editor.getByTestId('login-password').fill(inject('adminPassword'));
    await editor.getByTestId('login-submit').click();

    const title = `停电检修通知 ${Date.now() % 100000}`;
    await editor.getByTestId('nav-slides').click();
    await editor.getByTestId('slide-new').click();
    await editor.getByTestId('slide-type').selectOption('notice');
    await editor.getByTestId('slide-title').fill(title);
    await editor.getByTestId('slide-body').fill('本周六 8:00–12:00 因线路检修暂停供电，给您带来不便，敬请谅解。');
    await editor.getByTestId('slide-duration').fill('6');
    await editor.getByTestId('slide-save').click();
    const row = editor.getByTestId('slide-row').filter({ hasText: title });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    const slideId = (await row.getAttribute('data-slide-id'))!;
    await row.getByTestId('slide-approve').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5000 }).toBe('approved');

    const playlistName = `展示区通知 ${Date.now() % 100000}`;
    await editor.getByTestId('nav-playlists').click();
    await editor.getByTestId('playlist-new').click();
    await editor.getByTestId('playlist-name').fill(playlistName);
    await editor.getByTestId('playlist-add-slide').selectOption(slideId);
    await editor.getByTestId('playlist-add-button').click();
    await expect.poll(() => editor.getByTestId('playlist-item').count()).toBe(1);
    await editor.getByTestId('playlist-save').click();
    await expect.poll(() => editor.getByTestId('playlist-row').filter({ hasText: playlistName }).count(), { timeout: 5000 }).toBe(1);
    const playlistId = (await editor.getByTestId('playlist-row').filter({ hasText: playlistName }).getAttribute('data-playlist-id'))!;

    await editor.getByTestId('nav-schedules').click();
    await editor.getByTestId('schedule-new').click();
    await editor.getByTestId('schedule-name').fill(`${playlistName} 排期`);
    await editor.getByTestId('schedule-playlist').selectOption(playlistId);
    await editor.getByTestId('schedule-target-kind-screens').check();
    await editor.getByTestId('schedule-screens').locator(`input[value="${target.id}"]`).check();
    await editor.getByTestId('schedule-priority').fill('10');
    const savedAt = Date.now();
    await editor.getByTestId('schedule-save').click();

    const mirror = player.getByTestId('now-playing');
    await expect.poll(() => mirror.getAttribute('data-slide-id'), { timeout: 5000, interval: 50 }).toBe(slideId);
    const switchMs = Date.now() - savedAt;
    console.log(`[e2e] schedule saved → player shows the new slide in ${switchMs} ms`);
    expect(switchMs).toBeLessThan(3000);
    expect(await mirror.textContent()).toContain(title);
    await player.waitForTimeout(1000);
    expect((await regionStats(player)).litRatio).toBeGreaterThan(0.3);

    // The editor's screens page shows that player live, without a reload.
    await editor.getByTestId('nav-screens').click();
    const dot = editor.locator(`[data-testid="screen-row"][data-screen-id="${target.id}"] [data-testid="screen-status"]`);
    await expect.poll(() => dot.getAttribute('data-online'), { timeout: 5000 }).toBe('true');
    await player.close();
    await expect.poll(() => dot.getAttribute('data-online'), { timeout: 5000 }).toBe('false');
    await editor.close();
  });
});

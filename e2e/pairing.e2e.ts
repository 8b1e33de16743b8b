/**
 * Pairing by code, end to end: a fresh browser at /player/ shows a 6-character code and a QR code;
 * an admin claims the code through the API; the device starts playing as the new screen without a
 * visit; revoking the device sends it back to the pairing screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PAIR_ACTION, PAIRING_ALPHABET } from '../content/pairing';
import { adminSession, baseUrl } from './api';
import type {} from './player-debug';
import { launchBrowser, regionStats } from './browser';

let browser: Browser;
let api: Awaited<ReturnType<typeof adminSession>>;

beforeAll(async () => {
  browser = await launchBrowser();
  api = await adminSession();
});
afterAll(async () => {
  await browser?.close();
});

describe('pairing', () => {
  it('pairs a new device by code, plays as the new screen, and returns to pairing when revoked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[player page error]', err.message));
    await page.goto(`${baseUrl()}/player/`);
    const codeBox = page.getByTestId('pairing-code');
    await expect.poll(() => codeBox.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`));
    const code = (await codeBox.textContent())!;
    // The device names the editor's button in the editor's words.
    expect(await page.getByTestId('pairing').textContent()).toContain(`「屏幕 → ${PAIR_ACTION}」`);
    // The QR code is drawn (dark modules on white), not an empty box.
    const qrDark = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="pairing"] canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 100) dark++;
      return dark / (d.length / 4);
    });
    expect(qrDark).toBeGreaterThan(0.2);

    const hall = ((await (await api('/api/halls')).json()) as { id: string }[])[0]!;
    const started = Date.now();
    const claim = await api('/api/pairing/claim', { body: { code: code.toLowerCase(), name: '配对测试电视', hallId: hall.id, area: 'waiting', kind: 'tv' } });
    expect(claim.status, await claim.clone().text()).toBe(201);
    const { screen, deviceId } = (await claim.json()) as { screen: { id: string }; deviceId: string };

    await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 20_000 });
    console.log(`[e2e] playing ${Date.now() - started} ms after the claim`);
    expect(await page.getByTestId('pairing').count()).toBe(0);
    expect(await page.evaluate(() => window.__player?.identitySource)).toBe('paired');
    await page.waitForFunction(() => window.__player?.status === 'online', null, { timeout: 10_000 });
    await page.waitForTimeout(1000);
    expect((await regionStats(page)).litRatio).toBeGreaterThan(0.3);

    // A reload keeps the identity (stored), still without screen or key in the URL.
    await page.reload();
    await page.waitForFunction(() => window.__player?.status === 'online', null, { timeout: 15_000 });
    expect(page.url()).not.toContain('key=');

    const revoke = await api(`/api/screens/${screen.id}/devices/${deviceId}`, { method: 'DELETE' });
    expect(revoke.status).toBeLessThan(300);
    await expect.poll(() => page.getByTestId('pairing-code').textContent().catch(() => null), { timeout: 15_000 }).toMatch(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`));
    expect(await page.getByTestId('pairing-code').textContent()).not.toBe(code);
    await context.close();
  }, 60_000);
});

/**
 * Production start as `npm start` does it: the server bundle on plain node, device keys printed only on the first
 * start, and the built player and editor served precompressed under a Content-Security-Policy that neither app
 * trips over (pixi, workers, the editor's preview iframe, the socket) — in real Chromium.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminSession, baseUrl } from './api';
import { launchBrowser } from './browser';
import { startServer } from './server-process';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const until = async (check: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};

describe('npm start', () => {
  it('runs the bundle on plain node and prints device keys on the first start only', async () => {
    const first = await startServer({ ADMIN_PASSWORD: 'startup-e2e-pass' });
    try {
      expect(first.child.spawnargs.join(' ')).toMatch(/dist\/server\/main\.js$/);
      expect(first.child.spawnargs.join(' ')).not.toContain('tsx');
      await until(() => first.output().includes('/player/?screen='), 5000);
      expect(first.output()).toMatch(/\/player\/\?screen=scr_\w+&key=[\w-]{32}/);
      // Paths the bundle finds through import.meta.dirname resolve as from the sources: the voice clips
      // (content/voice) and the built apps (dist/).
      const wav = await fetch(`${first.baseUrl}/voice/call.wav?ticket=A001&counter=3`);
      expect(wav.status).toBe(200);
      expect(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF');
      expect(await (await fetch(`${first.baseUrl}/player/`)).text()).toContain('<script type="module"');
    } finally {
      await first.stop({ keepData: true });
    }
    const again = await startServer({}, { dataDir: first.dataDir });
    try {
      await until(() => again.output().includes('编辑器 editor'), 5000);
      expect(again.output()).toContain('编辑器 editor');
      expect(again.output()).not.toContain('key=');
      expect(again.output()).toContain('屏幕');
    } finally {
      await again.stop();
    }
  });
});

/** Collects CSP violations (the event, and Chromium's own console report) from a page and its frames. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} in ${e.documentURI} from ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /CSP-VIOLATION|Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  return violations;
}

/**
 * The control for an empty list: an eval in `frame` must show up in `violations`, so the watcher covers that
 * frame and the page's policy really forbids eval (a policy that allowed it would raise nothing either).
 */
async function expectWatched(frame: Frame, violations: string[]): Promise<void> {
  const before = violations.length;
  // A string timer: DevTools lets `evaluate`'s own code eval, but the page's timers stay under its policy.
  await frame.evaluate(() => (setTimeout as (code: string) => number)('window.__cspEvalRan = true'));
  await expect.poll(() => violations.slice(before).join('\n'), { timeout: 5000, interval: 50 }).toMatch(/script-src/);
  expect(await frame.evaluate(() => (window as { __cspEvalRan?: boolean }).__cspEvalRan), `eval ran in ${frame.url()}`).toBeUndefined();
  violations.splice(before);
}

describe('the built apps under their CSP', () => {
  it('a cold player load: brotli assets, no Referer, no CSP violation, a first slide', async () => {
    const api = await adminSession();
    const screens = (await (await api('/api/screens')).json()) as { kind: string; playerUrl: string }[];
    const url = screens.find((s) => s.kind === 'tv')!.playerUrl;
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Pacific/Pago_Pago' });
    try {
      const page = await context.newPage();
      const violations = await watchCsp(page);
      const assets: { url: string; encoding?: string; bytes: number; referer?: string }[] = [];
      page.on('requestfinished', async (req) => {
        if (!req.url().includes('/assets/')) return;
        const res = await req.response();
        const headers = (await res?.allHeaders()) ?? {};
        assets.push({ url: req.url(), encoding: headers['content-encoding'], bytes: Number(headers['content-length'] ?? 0), referer: (await req.allHeaders()).referer });
      });
      await page.goto(url);
      await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 30_000 });
      await page.waitForTimeout(1000);
      const scripts = assets.filter((a) => a.url.endsWith('.js') || a.url.endsWith('.css'));
      expect(scripts.length).toBeGreaterThan(0);
      // Files under 1 KB have no compressed copy (server/static/precompress.ts MIN_BYTES).
      expect(scripts.filter((a) => a.encoding === 'br').length).toBeGreaterThan(scripts.length / 2);
      for (const a of scripts) if (a.encoding !== 'br') expect(a.bytes, a.url).toBeLessThan(1024);
      // The page sends no Referer at all; a font requested by a stylesheet names the stylesheet, never the key.
      for (const a of assets) expect(a.referer ?? '', a.url).not.toContain('key=');
      for (const a of scripts) expect(a.referer, a.url).toBeUndefined();
      expect(violations).toEqual([]);
      await expectWatched(page.mainFrame(), violations);
    } finally {
      await context.close();
    }
  });

  it('the editor and its embedded preview player run without a CSP violation', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Pacific/Pago_Pago' });
    try {
      const editor = await context.newPage();
      const violations = await watchCsp(editor);
      await editor.goto(`${baseUrl()}/editor/`);
      await editor.getByTestId('login-username').fill('admin');
      await editor.getByTestId('login-password').fill(inject('adminPassword'));
      await editor.getByTestId('login-submit').click();
      await editor.getByTestId('nav-slides').click();
      await editor.getByTestId('slide-new').click();
      await editor.getByTestId('slide-type').selectOption('notice');
      await editor.getByTestId('preview-iframe').waitFor();
      const title = `CSP 预览检查 ${Date.now() % 100000}`;
      await editor.getByTestId('slide-title').fill(title);
      await editor.getByTestId('slide-body').fill('内容安全策略下的预览');
      const mirror = editor.frameLocator('[data-testid="preview-iframe"]').getByTestId('now-playing');
      await expect.poll(() => mirror.textContent(), { timeout: 60_000, interval: 200 }).toContain(title);
      // Not even zod's caught eval probe (content/zod-jitless.ts): any report here is a regression.
      expect(violations).toEqual([]);
      const frame = editor.frames().find((f) => f.url().includes('/player/'));
      expect(frame, 'the preview iframe').toBeDefined();
      await expectWatched(frame!, violations);
    } finally {
      await context.close();
    }
  });
});

/** Debian's Chromium through playwright-core, with the flags that make WebGL work without a GPU. */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The zone every test browser runs in: on purpose far from the halls' (Asia/Shanghai, UTC+8), so a page
 * that reads the browser's calendar instead of the hall's fails at every hour, not only after 16:00 UTC.
 * UTC−11 is on a different date from Shanghai for 19 hours a day. `E2E_BROWSER_TZ` picks another.
 */
export const BROWSER_TIMEZONE = process.env.E2E_BROWSER_TZ || 'Pacific/Pago_Pago';

/**
 * Chromium with every context in `BROWSER_TIMEZONE` unless a test passes its own `timezoneId`
 * (`browser.newPage` goes through `newContext`, so pages get it too). The process's TZ is set as well,
 * so workers and anything outside a context's emulation read the same zone.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], env: { ...process.env, TZ: BROWSER_TIMEZONE },
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options: BrowserContextOptions = {}) => newContext({ timezoneId: BROWSER_TIMEZONE, ...options });
  return browser;
}

type DecodeHost = { __decodePng: (b64: string) => Promise<Uint8ClampedArray> };

/** Installs a PNG → RGBA decoder in the page (once), so pixel maths runs where the image decoder is. */
async function installDecoder(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as DecodeHost).__decodePng ??= async (b64: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height).data;
    };
  });
}

/** Pixel statistics of a region of the page (from a real screenshot, so a black canvas cannot pass). */
export async function regionStats(page: Page, clip?: { x: number; y: number; width: number; height: number }) {
  const png = await page.screenshot({ clip, type: 'png' });
  await installDecoder(page);
  return page.evaluate(async (b64) => {
    const data = await (window as unknown as DecodeHost).__decodePng(b64);
    const colours = new Set<number>();
    let lit = 0;
    let red = 0;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      const l = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      sum += l;
      if (l > 24) lit++;
      if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
      if (colours.size < 5000) colours.add((data[i]! >> 3) | ((data[i + 1]! >> 3) << 5) | ((data[i + 2]! >> 3) << 10));
    }
    const n = data.length / 4;
    return { litRatio: lit / n, redRatio: red / n, meanLuma: sum / n, distinctColours: colours.size };
  }, png.toString('base64'));
}

/** Fraction of pixels that differ noticeably between two PNG screenshots of the same size. */
export async function changedFraction(page: Page, a: Buffer, b: Buffer): Promise<number> {
  await installDecoder(page);
  return page.evaluate(
    async ([x, y]) => {
      const host = window as unknown as DecodeHost;
      const [p, q] = [await host.__decodePng(x!), await host.__decodePng(y!)];
      let changed = 0;
      for (let i = 0; i < p.length; i += 4) {
        const d = Math.abs(p[i]! - q[i]!) + Math.abs(p[i + 1]! - q[i + 1]!) + Math.abs(p[i + 2]! - q[i + 2]!);
        if (d > 60) changed++;
      }
      return changed / (p.length / 4);
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

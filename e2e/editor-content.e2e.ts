/**
 * The content side of the editor in a real browser: the media library (upload with thumbnail, search,
 * tags, a video's poster made in the browser), the layout editor (create from the TV template, drag a
 * zone edge on the canvas, save) and the live preview that embeds the real player (with a hall's
 * slide-text variables filled in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminSession, baseUrl } from './api';
import { launchBrowser, regionStats } from './browser';

let browser: Browser;
let editor: Page;
const run = Date.now() % 100000;

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  editor.on('pageerror', (err) => console.error('[editor page error]', err.message));
  await editor.goto(`${baseUrl()}/editor/`);
  await editor.getByTestId('login-username').fill('admin');
  await editor.getByTestId('login-password').fill(inject('adminPassword'));
  await editor.getByTestId('login-submit').click();
  await editor.getByTestId('current-user').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

/** A 640×400 PNG with a gradient-ish pattern, so its thumbnail is clearly not blank. */
async function samplePng(): Promise<Buffer> {
  const w = 640;
  const h = 400;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      raw[i] = (x * 255) / w;
      raw[i + 1] = 110;
      raw[i + 2] = (y * 255) / h;
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

describe('media library', () => {
  const name = `营业厅外景-${run}.png`;

  it('uploads an image with a progress bar and shows its thumbnail in the grid', async () => {
    await editor.getByTestId('nav-media').click();
    await editor.getByTestId('media-grid').waitFor();
    const started = Date.now();
    await editor.getByTestId('media-upload-input').setInputFiles({ name, mimeType: 'image/png', buffer: await samplePng() });
    const tile = editor.getByTestId('media-item').filter({ hasText: name });
    await expect.poll(() => tile.count(), { timeout: 10_000 }).toBe(1);
    console.log(`[e2e] image upload → tile in grid: ${Date.now() - started} ms`);
    const img = tile.locator('img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);
  });

  it('search filters the grid by name', async () => {
    await editor.getByTestId('media-search').fill(`外景-${run}`);
    await expect.poll(async () => (await editor.getByTestId('media-item').allTextContents()).length, { timeout: 5000 }).toBe(1);
    expect(await editor.getByTestId('media-item').textContent()).toContain(name);
    await editor.getByTestId('media-search').fill(`没有这个文件-${run}`);
    await editor.getByTestId('media-empty').waitFor({ timeout: 5000 });
    expect(await editor.getByTestId('media-item').count()).toBe(0);
  });

  it('tags a file, and the tag is searchable', async () => {
    await editor.getByTestId('media-search').fill('');
    const tile = editor.getByTestId('media-item').filter({ hasText: name });
    await tile.waitFor();
    await tile.getByTestId('media-tags-edit').click();
    await tile.getByTestId('media-tags-input').fill(`外景，标签${run}`);
    await tile.getByTestId('media-tags-save').click();
    await expect.poll(() => tile.getByTestId('media-tag').allTextContents(), { timeout: 5000 }).toEqual(['外景', `标签${run}`]);
    await editor.getByTestId('media-search').fill(`标签${run}`);
    await expect.poll(() => editor.getByTestId('media-item').count(), { timeout: 5000 }).toBe(1);
    const api = await adminSession();
    const media = (await (await api('/api/media')).json()) as { name: string; tags: string[] }[];
    expect(media.find((m) => m.name === name)?.tags).toEqual(['外景', `标签${run}`]);
  });

  it('refuses to delete a file that slides use: the dialog names them before anything is confirmed', async () => {
    await editor.getByTestId('media-search').fill('');
    const used = editor.getByTestId('media-item').filter({ has: editor.locator('.badge-blue[data-testid="media-usage"]') }).first();
    await used.waitFor({ timeout: 5000 });
    const id = await used.getAttribute('data-media-id');
    await used.getByTestId('media-delete').click();
    const users = editor.getByTestId('media-delete-users');
    await users.waitFor({ timeout: 5000 });
    expect(await users.textContent()).toContain('幻灯片「');
    expect(await editor.getByTestId('confirm-ok').count()).toBe(0);
    await editor.getByTestId('confirm-cancel').click();
    expect(await editor.locator(`[data-testid="media-item"][data-media-id="${id}"]`).count()).toBe(1);
  });

  it('a video upload gets a poster frame taken in the browser', async () => {
    // A 2 s WebM recorded from a canvas in the page itself (no fixture file, no ffmpeg).
    const b64 = await editor.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 180;
      const g = c.getContext('2d')!;
      const rec = new MediaRecorder(c.captureStream(25), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      const done = new Promise((r) => (rec.onstop = r));
      rec.start(100);
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const draw = () => {
          const t = performance.now() - t0;
          g.fillStyle = `hsl(${(t / 10) % 360} 70% 50%)`;
          g.fillRect(0, 0, 320, 180);
          g.fillStyle = '#fff';
          g.fillRect((t / 10) % 300, 60, 40, 40);
          if (t < 2000) requestAnimationFrame(draw);
          else resolve();
        };
        draw();
      });
      rec.stop();
      await done;
      const buf = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
      let s = '';
      for (const b of buf) s += String.fromCharCode(b);
      return btoa(s);
    });
    const name = `安全用电短片-${run}.webm`;
    await editor.getByTestId('media-search').fill('');
    await editor.getByTestId('media-upload-input').setInputFiles({ name, mimeType: 'video/webm', buffer: Buffer.from(b64, 'base64') });
    const tile = editor.getByTestId('media-item').filter({ hasText: name });
    await expect.poll(() => tile.count(), { timeout: 15_000 }).toBe(1);
    const api = await adminSession();
    await expect.poll(async () => {
      const media = (await (await api('/api/media')).json()) as { name: string; posterUrl?: string }[];
      return media.find((m) => m.name === name)?.posterUrl ?? '';
    }, { timeout: 10_000 }).not.toBe('');
    await expect.poll(() => tile.locator('img').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);

    // A video slide picks it from the library and takes its length as the duration.
    await editor.getByTestId('nav-slides').click();
    await editor.getByTestId('slide-new').click();
    await editor.getByTestId('slide-type').selectOption('video');
    await editor.getByTestId('slide-media').getByTestId('media-tile').filter({ hasText: name }).click();
    await expect.poll(() => editor.getByTestId('slide-duration').inputValue(), { timeout: 5000 }).toMatch(/^[23]$/);
    await editor.getByTestId('slide-cancel').click();
  });
});

describe('layout editor', () => {
  it('creates a layout from the TV template, drags a zone edge, saves it and lists it', async () => {
    await editor.getByTestId('nav-layouts').click();
    await expect.poll(() => editor.getByTestId('layout-template').locator('option[value="tvMain"]').count(), { timeout: 5000 }).toBe(1);
    await editor.getByTestId('layout-template').selectOption('tvMain');
    await editor.getByTestId('layout-new').click();
    const mainBox = editor.locator('[data-testid="layout-zone-box"][data-zone-id="main"]');
    await mainBox.waitFor();
    const mainCard = editor.locator('[data-testid="layout-zone"][data-zone-id="main"]');
    expect(await mainCard.getByTestId('layout-zone-w').inputValue()).toBe('75');

    // Drag the main zone's right edge left by 10 % of the canvas width.
    const canvas = (await editor.getByTestId('layout-canvas').boundingBox())!;
    // The main zone starts selected, so its handles show without a click.
    const handle = (await mainBox.locator('[data-handle="e"]').boundingBox())!;
    const [x0, y0] = [handle.x + handle.width / 2, handle.y + handle.height / 2];
    await editor.mouse.move(x0, y0);
    await editor.mouse.down();
    await editor.mouse.move(x0 - canvas.width * 0.05, y0, { steps: 5 });
    await editor.mouse.move(x0 - canvas.width * 0.1, y0, { steps: 5 });
    await editor.mouse.up();
    const w = Number(await mainCard.getByTestId('layout-zone-w').inputValue());
    expect(w).toBeGreaterThanOrEqual(63);
    expect(w).toBeLessThanOrEqual(67);
    expect(Number.isInteger(w)).toBe(true); // snapped to 1 %

    const name = `等候区电视布局 ${run}`;
    await editor.getByTestId('layout-name').fill(name);
    await editor.getByTestId('layout-save').click();
    const row = editor.getByTestId('layout-row').filter({ hasText: name });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);

    const api = await adminSession();
    const layouts = (await (await api('/api/layouts')).json()) as { name: string; kind: string; zones: { id: string; w: number }[] }[];
    const saved = layouts.find((l) => l.name === name)!;
    expect(saved.kind).toBe('tv');
    expect(saved.zones.find((z) => z.id === 'main')!.w).toBeCloseTo(w / 100, 5);
  });

  it('shows LayoutInput issues beside the field', async () => {
    await editor.getByTestId('layout-template').selectOption('tvFull');
    await editor.getByTestId('layout-new').click();
    await editor.getByTestId('layout-name').waitFor();
    await editor.getByTestId('layout-name').fill('');
    await editor.getByTestId('layout-zone-type').selectOption('clock');
    await editor.getByTestId('layout-save').click();
    const errors = await editor.locator('[data-testid="field-error"]:not([hidden])').allTextContents();
    expect(errors.join(' ')).toContain('布局名称不能为空');
    expect(errors.join(' ')).toContain('恰好有一个主画面');
    await editor.getByTestId('layout-cancel').click();
  });
});

describe('live preview', () => {
  it('a notice typed in the slide form plays in the embedded player', { timeout: 120_000 }, async () => {
    await editor.getByTestId('nav-slides').click();
    await editor.getByTestId('slide-new').click();
    await editor.getByTestId('slide-type').selectOption('notice');
    const iframe = editor.getByTestId('preview-iframe');
    await iframe.waitFor();
    expect(await iframe.getAttribute('width')).toBe('1920');
    expect(await iframe.getAttribute('height')).toBe('1080');

    const title = `营业时间调整通知 ${run}`;
    const typedAt = Date.now();
    await editor.getByTestId('slide-title').fill(title);
    await editor.getByTestId('slide-body').fill('自下周一起，本厅营业时间调整为 8:30–17:30，节假日照常营业。');
    const mirror = editor.frameLocator('[data-testid="preview-iframe"]').getByTestId('now-playing');
    await expect.poll(() => mirror.textContent(), { timeout: 40_000, interval: 100 }).toContain(title);
    console.log(`[e2e] typed title → preview player shows it: ${Date.now() - typedAt} ms (incl. ${400} ms debounce)`);
    await expect.poll(() => editor.getByTestId('preview-status').getAttribute('data-state'), { timeout: 5000 }).toBe('shown');

    // Pixels, not just the DOM mirror: the scaled-down player canvas is not blank.
    await editor.waitForTimeout(800);
    const shotAt = Date.now();
    const box = (await editor.getByTestId('preview-stage').locator('.preview-box').boundingBox())!;
    expect(box.width / box.height).toBeCloseTo(1920 / 1080, 1);
    const stats = await regionStats(editor, { x: box.x, y: box.y, width: box.width, height: box.height });
    console.log(`[e2e] preview region: lit ${(stats.litRatio * 100).toFixed(1)} %, ${stats.distinctColours} colours`);
    expect(stats.litRatio).toBeGreaterThan(0.2);
    expect(stats.distinctColours).toBeGreaterThan(8);
    console.log(`[e2e] region stats took ${Date.now() - shotAt} ms`);

    // Switching to the portrait kiosk reloads the player at 1080×1920 and shows the same slide.
    const switchedAt = Date.now();
    await editor.getByTestId('preview-kind').selectOption('kiosk');
    await expect.poll(() => editor.getByTestId('preview-iframe').getAttribute('height'), { timeout: 5000 }).toBe('1920');
    await expect.poll(() => mirror.textContent(), { timeout: 30_000 }).toContain(title);
    console.log(`[e2e] preview switched to the kiosk size and shows the slide again in ${Date.now() - switchedAt} ms`);
  });

  it("the preview fills in the chosen hall's variables; the chips insert them at the cursor", { timeout: 60_000 }, async () => {
    const api = await adminSession();
    const name = `城北营业厅 ${run}`;
    const hall = (await (await api('/api/halls', { method: 'POST', body: { name } })).json()) as { id: string };
    expect((await api(`/api/halls/${hall.id}/variables`, { method: 'PUT', body: { variables: { 服务热线: '0571-8888' } } })).status).toBe(200);

    // After the test above the form is open (取消 leaves it without asking); alone, start from the list.
    const cancel = editor.getByTestId('slide-cancel');
    if (await cancel.isVisible()) await cancel.click();
    else await editor.getByTestId('nav-slides').click();
    await editor.getByTestId('slide-new').click();
    await editor.getByTestId('slide-type').selectOption('notice');
    const startedAt = Date.now();
    await editor.locator(`[data-testid="preview-hall"] option[value="${hall.id}"]`).waitFor({ state: 'attached' });
    await editor.getByTestId('preview-hall').selectOption(hall.id);
    await expect.poll(() => editor.locator('[data-testid="slide-variable"][data-key="服务热线"]').textContent()).toContain('0571-8888');

    const title = editor.getByTestId('slide-title');
    await title.fill('欢迎光临');
    await editor.locator('[data-testid="slide-variable"][data-key="营业厅"]').click();
    await title.pressSequentially('，热线 ');
    await editor.locator('[data-testid="slide-variable"][data-key="服务热线"]').click();
    expect(await title.inputValue()).toBe('欢迎光临{营业厅}，热线 {服务热线}');

    const mirror = editor.frameLocator('[data-testid="preview-iframe"]').getByTestId('now-playing');
    await expect.poll(() => mirror.textContent(), { timeout: 20_000, interval: 100 }).toContain(`欢迎光临${name}，热线 0571-8888`);
    console.log(`[e2e] hall picked → preview shows the filled-in title in ${Date.now() - startedAt} ms`);
    await editor.getByTestId('slide-cancel').click();

    // 系统设置 → 文字变量: the hall's form offers 服务热线 and 地址; a value typed and saved reaches the hall.
    await editor.getByTestId('nav-settings').click();
    const form = editor.locator(`[data-testid="hall-variables"][data-hall-id="${hall.id}"]`);
    const addressRow = form.locator('[data-testid="hall-variable-row"][data-key="地址"]');
    await addressRow.getByTestId('hall-variable-value').fill('城北路 9 号');
    await form.getByTestId('hall-variables-save').click();
    await expect.poll(async () => ((await (await api('/api/halls')).json()) as { id: string; variables?: object }[]).find((x) => x.id === hall.id)?.variables).toEqual({ 服务热线: '0571-8888', 地址: '城北路 9 号' });
  });
});

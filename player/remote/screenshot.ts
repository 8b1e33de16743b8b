/**
 * The `screenshot` command: draw a frame and copy the canvas in the same task (the WebGL drawing
 * buffer is not preserved past it), scaled to at most 1280 px wide, and upload it as WebP.
 */
import type { Application } from 'pixi.js';
import type { ScreenParams } from '../screen-params';

/** Widest screenshot we send: enough for a thumbnail wall and a closer look. */
export const SCREENSHOT_MAX_WIDTH = 1280;

/** The current screen image, as WebP (PNG where the browser cannot encode WebP). */
export function captureScreen(app: Application, maxWidth = SCREENSHOT_MAX_WIDTH): Promise<Blob> {
  app.render();
  const source = app.canvas;
  const scale = Math.min(1, maxWidth / source.width);
  const copy = document.createElement('canvas');
  copy.width = Math.max(1, Math.round(source.width * scale));
  copy.height = Math.max(1, Math.round(source.height * scale));
  const g = copy.getContext('2d');
  if (!g) return Promise.reject(new Error('2D canvas unavailable'));
  g.drawImage(source, 0, 0, copy.width, copy.height);
  return new Promise((resolve, reject) => copy.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas export failed'))), 'image/webp', 0.8));
}

/** POST the image to the server as this screen (device key in headers, never in a URL of the log). */
export async function uploadScreenshot(blob: Blob, params: ScreenParams): Promise<string> {
  const response = await fetch('/api/player/screenshot', {
    method: 'POST',
    headers: { 'x-screen-id': params.screenId, 'x-screen-key': params.key, 'content-type': blob.type || 'image/png' },
    body: blob,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`上传截图失败（HTTP ${response.status}）${body?.error?.message ? `：${body.error.message}` : ''}`);
  }
  return `截图已上传（${Math.round(blob.size / 1024)} KB）`;
}

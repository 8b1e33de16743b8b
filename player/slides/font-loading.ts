/**
 * The bundled CJK face (Noto Sans SC, unicode-range slices served from our own origin) must be in
 * memory before pixi measures a Text: canvas falls back to another face silently, and a Text
 * measured with the fallback keeps the wrong size. So before a view is built we ask the browser to
 * load the slices covering the characters it is about to draw, in both weights we use.
 */
import '../fonts/noto-sans-sc.css';

export const BUNDLED_FAMILY = 'Noto Sans SC';
/** A slide never waits longer than this for its glyphs: better a fallback face than no slide. */
const FONT_WAIT_MS = 4000;
/** Characters every screen draws (clock, date, queue panels), loaded once at boot. */
export const COMMON_GLYPHS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:：-—·年月日星期一二三四五六日时分正在叫号等待请到号窗口办理暂无最近状态空闲暂停服务已关闭人数排队营业厅欢迎光临国网供电';

const loaded = new Set<string>();

/** Every string inside a value (a slide's fields), joined: what its view may draw. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  if (value && typeof value === 'object') return Object.values(value).map(textOf).join('');
  return '';
}

/** Resolve once the bundled face can draw `text` (or after FONT_WAIT_MS, or where fonts are unavailable). */
export async function loadGlyphs(text: string): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return;
  const missing = [...new Set(text)].filter((c) => c.trim() !== '' && !loaded.has(c)).join('');
  if (!missing) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 32px "${BUNDLED_FAMILY}"`, missing)))
    .then(() => {
      for (const c of missing) loaded.add(c);
    })
    .catch((err: unknown) => console.warn('[font] cannot load Noto Sans SC slices', err));
  await Promise.race([load, new Promise<void>((resolve) => (timer = setTimeout(resolve, FONT_WAIT_MS)))]);
  clearTimeout(timer);
}

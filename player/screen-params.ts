/**
 * Who this screen is, from its URL: `/player/?screen=<id>&key=<deviceKey>`, and where its socket is.
 */

/** The identity a screen proves to the server. */
export interface ScreenParams {
  screenId: string;
  key: string;
  /** The editor's preview: nothing it does (kiosk sessions, plays) is kept or reported. */
  preview?: true;
}

/** Read `screen` and `key` from a query string; null when either is missing. */
export function readScreenParams(search: string): ScreenParams | null {
  const query = new URLSearchParams(search);
  const screenId = query.get('screen')?.trim() ?? '';
  const key = query.get('key')?.trim() ?? '';
  return screenId && key ? { screenId, key } : null;
}

/** `ws(s)://<host>/ws/player?screen=…&key=…`, on the page's own origin. */
export function playerSocketUrl(location: Pick<Location, 'protocol' | 'host'>, params: ScreenParams): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ screen: params.screenId, key: params.key });
  return `${scheme}://${location.host}/ws/player?${query.toString()}`;
}

/** The physical pixel size of the screen, as the protocol's `Resolution` wants it. */
export function screenResolution(): { width: number; height: number } {
  const dpr = window.devicePixelRatio || 1;
  const clamp = (n: number): number => Math.min(16384, Math.max(16, Math.round(n * dpr)));
  return { width: clamp(window.innerWidth), height: clamp(window.innerHeight) };
}

/** Shortest slide under an accelerated clock: below this a 1080p picture cannot even be prepared. */
export const MIN_SCALED_SLIDE_MS = 100;

/**
 * Test hook for soak runs: `?test=1&timeScale=0.02` multiplies every slide duration by 0.02 (a 10 s
 * slide plays 200 ms). Needs `test=1` as well, so a stray `timeScale` pasted into a hall screen's URL
 * cannot make it flicker; only speeds up (0 < scale ≤ 1). Returns 1 when absent or invalid.
 */
export function readTimeScale(search: string): number {
  const query = new URLSearchParams(search);
  if (query.get('test') !== '1') return 1;
  const scale = Number(query.get('timeScale'));
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}

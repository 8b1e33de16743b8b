/**
 * Who this screen is, from its URL: `/player/?screen=<id>&key=<deviceKey>`, and where its socket is.
 */

/** The identity a screen proves to the server. */
export interface ScreenParams {
  screenId: string;
  key: string;
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

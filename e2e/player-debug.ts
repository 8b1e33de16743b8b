/** The read-only `window.__player` hook of player/main.ts, as the specs read it (kept in step by hand). */
export interface PlayerDebugView {
  readonly ready: boolean;
  readonly slideId: string | null;
  readonly manifestVersion: string | null;
  readonly status: 'online' | 'offline' | 'error';
  readonly offline: { controlled: boolean; assets: number; bytes: number; shellVersion: string | null; badge: boolean };
  readonly identitySource: 'url' | 'paired';
  readonly textures: number;
}

declare global {
  interface Window {
    __player?: PlayerDebugView;
  }
}

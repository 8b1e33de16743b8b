/**
 * Composition root of the screen app: read who this screen is from the URL, start one long-lived
 * pixi Application for the whole life of the page, hand it to the Player, and expose a read-only
 * debugging hook for tests.
 */
import { Application } from 'pixi.js';
import { watchContextLoss } from './context-watchdog';
import { Player } from './player';
import { readScreenParams } from './screen-params';
import { COLORS } from './slides/theme';
import { showStatus } from './status-screen';
import type { ConnectionStatus } from './connection';

/** What tests and people at a console may read (never write) about the running player. */
export interface PlayerDebug {
  readonly ready: boolean;
  readonly slideId: string | null;
  readonly manifestVersion: string | null;
  readonly status: ConnectionStatus;
}

declare global {
  interface Window {
    __player?: PlayerDebug;
  }
}

/** Without WebGL we cannot draw; try again in a minute (drivers come back after updates and reboots). */
const NO_WEBGL_RETRY_MS = 60_000;

async function main(): Promise<void> {
  const params = readScreenParams(location.search);
  if (!params) {
    showStatus('unconfigured');
    return;
  }
  const app = new Application();
  try {
    await app.init({
      // NOTE: WebGPU does not work headless or on many kiosk GPUs; WebGL (SwiftShader at worst) does.
      preference: 'webgl',
      resizeTo: window,
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
      antialias: false,
      background: COLORS.page,
    });
  } catch (err) {
    console.error('[gl] cannot start the renderer', err);
    showStatus('noWebgl');
    setTimeout(() => location.reload(), NO_WEBGL_RETRY_MS);
    return;
  }
  app.canvas.setAttribute('aria-hidden', 'true');
  document.body.prepend(app.canvas);
  const player = new Player(app, params);
  watchContextLoss(app.canvas, { reload: () => location.reload(), restored: () => player.invalidate() });
  Object.defineProperty(window, '__player', {
    configurable: false,
    value: Object.freeze({
      ready: true,
      get slideId() {
        return player.slideId;
      },
      get manifestVersion() {
        return player.manifestVersion;
      },
      get status() {
        return player.connection.status;
      },
    } satisfies PlayerDebug),
  });
  player.start();
}

void main();

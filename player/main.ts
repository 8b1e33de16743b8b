/**
 * Composition root of the screen app: find out who this screen is (the URL's screen and key, else
 * the identity stored by pairing, else pair now), register the service worker, start one long-lived
 * pixi Application for the whole life of the page, hand it to the Player with its operations
 * (health, commands, watchdog, offline cache), and expose a read-only debugging hook for tests.
 */
// First of all: zod must not probe for eval before a schema is built (see the file).
import '../content/zod-jitless';
// Before any renderer exists: pixi's shader, uniform and buffer sync without `new Function`, so the
// page's CSP needs no 'unsafe-eval' (server/static/security-headers.ts).
import 'pixi.js/unsafe-eval';
import { Application } from 'pixi.js';
import { watchContextLoss } from './context-watchdog';
import { forgetManifest } from './manifest-store';
import { OfflineMode } from './offline/offline-mode';
import { ServiceWorkerClient } from './offline/sw-client';
import { clearPairedIdentity, loadPairedIdentity, savePairedIdentity, type Identity } from './pairing/identity-store';
import { pairDevice } from './pairing/pairing-screen';
import { Player } from './player';
import { ScreenOps } from './remote/screen-ops';
import { isPreview, runPreview } from './preview/preview-mode';
import { readScreenParams } from './screen-params';
import { COMMON_GLYPHS, loadGlyphs } from './slides/font-loading';
import { heldTextureCount } from './slides/texture-refs';
import { COLORS } from './slides/theme';
import { showStatus } from './status-screen';
import type { ConnectionStatus } from './connection';

/** What tests and people at a console may read (never write) about the running player. */
export interface PlayerDebug {
  readonly ready: boolean;
  readonly slideId: string | null;
  readonly manifestVersion: string | null;
  readonly status: ConnectionStatus;
  /** The offline cache: is the page controlled by the service worker, what the media cache holds. */
  readonly offline: { controlled: boolean; assets: number; bytes: number; shellVersion: string | null; badge: boolean };
  readonly identitySource: Identity['source'];
  /** Picture textures held (reference-counted): a short soak sees a leak here long before it shows in RSS. */
  readonly textures: number;
}

declare global {
  interface Window {
    __player?: PlayerDebug;
  }
}

/** Without WebGL we cannot draw; try again in a minute (drivers come back after updates and reboots). */
const NO_WEBGL_RETRY_MS = 60_000;

/** The URL's identity first (kiosks provisioned by playerUrl), then a stored paired one, else pair now. */
async function identify(): Promise<Identity> {
  const fromUrl = readScreenParams(location.search);
  if (fromUrl) return { ...fromUrl, source: 'url' };
  const stored = loadPairedIdentity();
  if (stored) return stored;
  const paired = await pairDevice();
  savePairedIdentity(paired);
  return { ...paired, source: 'paired' };
}

async function startRenderer(): Promise<Application | null> {
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
    return null;
  }
  app.canvas.setAttribute('aria-hidden', 'true');
  document.body.prepend(app.canvas);
  return app;
}

async function main(): Promise<void> {
  // The editor's preview: no service worker, no identity, no socket, no storage.
  if (isPreview(location.search)) {
    const app = await startRenderer();
    if (app) await runPreview(app);
    return;
  }
  // Registered before anything else, so even a device still waiting to be paired can boot offline.
  const sw = ServiceWorkerClient.register(import.meta.env.PROD);
  const identity = await identify();
  const app = await startRenderer();
  if (!app) return;
  let ops: ScreenOps | null = null;
  // Clock, queue and status glyphs before any Text exists: pixi keeps the metrics it first measured.
  await loadGlyphs(COMMON_GLYPHS);
  const player = new Player(app, identity, {
    refused: (reason) => {
      // A paired device whose key was revoked (or whose screen was deleted) goes back to pairing;
      // one opened by playerUrl keeps showing why it cannot play, as before.
      if (identity.source !== 'paired' || reason === 'tooOld') return false;
      clearPairedIdentity();
      forgetManifest(identity.screenId);
      location.reload();
      return true;
    },
    manifestChanged: (manifest) => ops?.manifestChanged(manifest),
    slideEnded: () => ops?.slideEnded(),
    announcerChanged: () => ops?.announcerChanged(),
    problem: (p) => ops?.report(p.level ?? 'warn', p.code, p.message, p.slideId),
  });
  const offline = new OfflineMode(sw, (p) => ops?.report('warn', p.code, p.message));
  ops = new ScreenOps(app, player, identity, offline);
  ops.start();
  watchContextLoss(app.canvas, {
    reload: () => location.reload(),
    restored: () => {
      player.invalidate();
      ops?.report('info', 'context_restored', 'WebGL 上下文丢失后已恢复，未重新加载页面');
    },
  });
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
      get offline() {
        const cache = offline.cache;
        return { controlled: offline.controlled, assets: cache?.assets ?? 0, bytes: cache?.bytes ?? 0, shellVersion: cache?.shellVersion ?? null, badge: offline.badge.shown };
      },
      identitySource: identity.source,
      get textures() {
        return heldTextureCount();
      },
    } satisfies PlayerDebug),
  });
  player.start();
}

void main();

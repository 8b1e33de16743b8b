/**
 * Kiosk mode of a player: while the main zone's loop holds a `kioskApp` slide, the scheduled
 * playlist is the attract loop and a touch, click or Enter anywhere opens the app's home page in
 * the DOM layer (kiosk-layer.ts). A session ends after the app's idleMs without input, on 退出 from
 * home, when an emergency override comes (the layer hides so it shows) or when the schedule drops
 * the app; then its record goes to the server (session-outbox.ts) and nothing of it stays.
 */
import type { Slide, SlideOf } from '../../content/model';
import type { Manifest } from '../../content/protocol';
import type { PlayItem } from '../../content/schedule';
import type { QueueFeed } from '../slides/slide-view';
import { KioskLayer } from './kiosk-layer';
import { KioskNav, type KioskEnd, type KioskInput } from './kiosk-nav';
import { guidePage } from './pages/guide-page';
import { mapPage } from './pages/map-page';
import { menuPage } from './pages/menu-page';
import type { PageContext, PageView } from './pages/page-view';
import { pricesPage } from './pages/prices-page';
import { queuePage } from './pages/queue-page';
import { takeTicketPage } from './pages/take-ticket-page';
import { slidePage } from './pages/slide-page';
import { SessionOutbox, type SessionLink } from './session-outbox';
import { directionOf } from './spatial-focus';

type App = SlideOf<'kioskApp'>;

/** What kiosk mode needs from the player around it. */
export interface KioskModeOptions {
  /** Server-corrected now (session start times). */
  now(): number;
  link: SessionLink;
  queue?: QueueFeed;
  storage: Storage | null;
  screenId: string;
  /** Credentials for pages that call the server as this screen (取号). */
  device?: { screenId: string; key: string };
}

export class KioskMode {
  private app: App | null = null;
  private slides = new Map<string, Slide>();
  private readonly nav = new KioskNav('home', () => this.app?.id ?? '');
  private readonly layer: KioskLayer;
  private readonly outbox: SessionOutbox;
  private emergency = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastInput: KioskInput = 'touch';
  /** When the session opened, server time and monotonic: durations must not jump with clock corrections. */
  private opened = { at: 0, mono: 0 };

  constructor(private readonly options: KioskModeOptions) {
    this.layer = new KioskLayer({ back: () => this.back(), home: () => this.home() });
    this.outbox = new SessionOutbox(options.link, options.storage, `hall-signage:kiosk-sessions:${options.screenId}`);
    // Capture phase: the first touch must open the app even where the canvas or a prompt takes it.
    window.addEventListener('pointerdown', (e) => this.pointer(e), true);
    window.addEventListener('keydown', (e) => this.key(e), true);
    window.addEventListener('wheel', () => this.nav.isOpen && this.armIdle(), { capture: true, passive: true });
  }

  /** A visitor is using the app now (the layer covers the loop). */
  get open(): boolean {
    return this.nav.isOpen;
  }

  /**
   * The page reloads now (a forced planned reload): end the session as the schedule ending it, and
   * keep its record in storage for the next connection rather than trust the socket to flush it.
   */
  interrupt(): void {
    this.end('schedule', true);
  }

  /** The main zone's loop after each resolve: kiosk mode follows the first kioskApp slide in it. */
  setLoop(items: readonly PlayItem[], manifest: Manifest | null): void {
    this.slides = new Map((manifest?.slides ?? []).map((s) => [s.id, s]));
    const found = items.map((i) => this.slides.get(i.slideId)).find((s): s is App => s?.type === 'kioskApp') ?? null;
    this.app = found;
    if (!found) return this.end('schedule');
    this.nav.setHome(found.home);
    // An edited app (same id, new pages): the visitor stays unless their page is gone.
    const current = this.nav.current;
    if (current && !found.pages.some((p) => p.id === current)) this.end('schedule');
  }

  /** An emergency override is on screen: it ends the session at once and keeps the layer away. */
  setEmergency(on: boolean): void {
    this.emergency = on;
    if (on) this.end('override');
  }

  /** The call in the spotlight: the pixi overlay is under the layer, so the layer shows it too. */
  setCall(text: string | null): void {
    this.layer.setCall(text);
  }

  private pointer(e: PointerEvent): void {
    this.lastInput = e.pointerType === 'mouse' ? 'mouse' : 'touch';
    if (this.nav.isOpen) this.armIdle();
    else if (this.app && !this.emergency) this.start(this.lastInput);
  }

  private key(e: KeyboardEvent): void {
    if (!this.app || this.emergency) return;
    const dir = directionOf(e.key);
    if (!this.nav.isOpen) {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      this.lastInput = 'keyboard';
      this.start('keyboard');
      return;
    }
    this.lastInput = 'keyboard';
    this.armIdle();
    if (this.layer.handleKey(e, dir)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' || e.key === 'Backspace') {
      e.preventDefault();
      this.back();
    }
  }

  private start(input: KioskInput): void {
    this.opened = { at: this.options.now(), mono: performance.now() };
    this.nav.open(this.opened.at, input);
    this.render();
    this.armIdle();
  }

  private back(): void {
    if (this.nav.back() === 'exit') this.end('exit');
    else this.render();
  }

  private home(): void {
    this.nav.goHome();
    this.render();
  }

  private end(endedBy: KioskEnd, keepOnly = false): void {
    clearTimeout(this.idleTimer);
    const session = this.nav.end(this.opened.at + (performance.now() - this.opened.mono), endedBy);
    if (this.layer.visible) this.layer.close();
    if (session) {
      console.info(`[kiosk] session ended (${endedBy}) after ${Math.round(session.durationMs / 1000)} s, depth ${session.maxDepth}`);
      if (keepOnly) this.outbox.keep(session);
      else this.outbox.send(session);
    }
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.app) this.idleTimer = setTimeout(() => this.end('idle'), this.app.idleMs);
  }

  private render(): void {
    const app = this.app;
    const id = this.nav.current;
    const page = app && id ? app.pages.find((p) => p.id === id) : undefined;
    if (!app || !page) return this.end('schedule');
    const ctx: PageContext = {
      app,
      slide: (slideId) => this.slides.get(slideId),
      open: (target) => {
        this.nav.push(target);
        this.render();
      },
      queue: this.options.queue,
      device: this.options.device,
    };
    let view: PageView;
    switch (page.type) {
      case 'menu':
        view = menuPage(page, ctx);
        break;
      case 'guide':
        view = guidePage(page);
        break;
      case 'slide':
        view = slidePage(page, ctx);
        break;
      case 'prices':
        view = pricesPage(page, ctx);
        break;
      case 'map':
        view = mapPage(page);
        break;
      case 'queue':
        view = queuePage(page, ctx);
        break;
      case 'takeTicket':
        view = takeTicketPage(page, ctx);
        break;
      default: {
        const unknown: never = page;
        return unknown;
      }
    }
    this.layer.setPage(page.id, page.title, this.nav.depth, view, this.lastInput === 'keyboard' ? 'first' : 'title');
  }
}

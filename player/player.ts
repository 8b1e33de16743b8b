/**
 * One screen's player, wired: connection → manifest → scheduler → slide host, plus calls (board,
 * banner or strip), the announcer, overrides, the DOM mirror, health and proof of play. Layers,
 * bottom to top: content, message band, calls, emergency — so an emergency outranks a call, and a
 * call outranks scheduled content. The queue board takes its share of the screen from the content
 * zone; a counter strip's status covers it.
 */
import type { Application } from 'pixi.js';
import type { QueueCall, Slide } from '../content/model';
import type { Manifest, ServerMessage } from '../content/protocol';
import type { QueueState } from '../content/queue';
import { builtinSlide } from '../content/builtin-slides';
import { version as playerVersion } from '../package.json';
import { Announcer, type AnnouncerStatus } from './announcer/announcer';
import { AnnouncerView } from './announcer/announcer-view';
import { createDucker } from './announcer/ducking';
import { createSpeechSink } from './announcer/speech-voice';
import { BootScreen } from './boot-screen';
import { CallAcks } from './call-acks';
import { PlayerConnection, type ConnectionStatus, type Refusal } from './connection';
import { DomMirror } from './dom-mirror';
import { FramePacer } from './frame-pacer';
import { KioskMode } from './kiosk/kiosk-mode';
import { RatingPad, isRatingMode } from './rating/rating-pad';
import { LayoutRunner } from './layout/layout-runner';
import { loadManifest, saveManifest } from './manifest-store';
import { CallOverlay } from './overlays/call-overlay';
import { OverrideOverlay } from './overlays/override-overlay';
import { Scheduler } from './scheduler';
import { playerSocketUrl, screenResolution, readTimeScale, type ScreenParams } from './screen-params';
import { ServerClock } from './server-clock';
import { SlideHost } from './slide-host';
import { createSlideView } from './slides/create-slide-view';
import type { SlideContext } from './slides/slide-view';
import { PlayedQueue } from './offline/played-queue';
import { showStatus, clearStatus } from './status-screen';

/** localStorage, or null where the browser refuses it (some kiosk modes). */
function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Something the player worked around on its own (a skipped slide, a stalled video), for the server. */
export interface PlayerProblem {
  level?: 'info' | 'warn' | 'error';
  code: string;
  message: string;
  slideId?: string;
}

/** What the screen's operations (remote/screen-ops.ts, pairing in main.ts) plug into a player. */
export interface PlayerHooks {
  /** The server refused this screen; return true when handled (a paired device goes back to pairing). */
  refused?(reason: Refusal): boolean;
  manifestChanged?(manifest: Manifest): void;
  /** A main-zone slide ended its time: the moment a planned reload may happen. */
  slideEnded?(): void;
  problem?(problem: PlayerProblem): void;
  /** What the announcer says now, or how many wait, changed (health tells the live console). */
  announcerChanged?(): void;
}

/** The running player of one screen. */
export class Player {
  readonly clock = new ServerClock();
  readonly connection: PlayerConnection;
  private readonly mirror = new DomMirror();
  private readonly host: SlideHost;
  /** The layout's zones; the main one is `host`. */
  private readonly zones: LayoutRunner;
  /** Told when a slide starts to show in the main zone (preview mode reports it to the editor). */
  onMainShown: ((slide: Slide) => void) | null = null;
  private readonly scheduler: Scheduler;
  private readonly calls: CallOverlay;
  private readonly overrides: OverrideOverlay;
  private readonly announcer: Announcer;
  /** The interactive kiosk app, while the main zone's loop holds one (a DOM layer over the canvas). */
  private readonly kiosk: KioskMode;
  private readonly callAcks: CallAcks;
  /** Draws only when something moved or changed; acks wait for the frame (see frame-pacer.ts). */
  private readonly frames: FramePacer;
  private emergencyShown = false;
  private boot: BootScreen | null;
  private manifest: Manifest | null = null;
  private slides = new Map<string, Slide>();
  private showAttempt = 0;

  constructor(
    private readonly app: Application,
    private readonly params: ScreenParams,
    private readonly hooks: PlayerHooks = {},
  ) {
    const now = (): number => this.clock.now();
    this.boot = new BootScreen(params.screenId);
    this.frames = new FramePacer(() => app.render());
    const slideContext = (): SlideContext => ({
      now,
      timeZone: this.manifest?.hall.timezone ?? 'Asia/Shanghai',
      hallName: this.manifest?.hall.name ?? '',
      requestRender: () => this.frames.invalidate(),
      queue: this.calls.feed,
      clockElsewhere: () => !this.zones.panelDrawsClock(),
    });
    const createView = (slide: Slide) => createSlideView(slide, slideContext());
    this.host = new SlideHost({ createView: (slide) => createSlideView(slide, { ...slideContext(), reportProblem: (p) => this.reportProblem(p) }), onShown: (slide) => this.slideShown(slide) });
    this.zones = new LayoutRunner(this.host, { now, slideContext, createView, requestRender: () => this.frames.invalidate() });
    this.scheduler = new Scheduler({
      now,
      show: (slideId) => this.showSlide(slideId),
      layout: (layoutId) => {
        if (this.zones.setLayout(this.manifest?.layouts?.find((l) => l.id === layoutId) ?? null)) this.layout();
        this.kiosk.setLoop(this.scheduler.loop, this.manifest);
      },
      // Proof of play is only claimed for what people could see: not under an emergency or a strip's status.
      played: (r) => {
        if (!this.emergencyShown && !this.calls.coversContent && !this.kiosk.open) this.connection.sendOrQueue({ type: 'played', ...r });
        this.hooks.slideEnded?.();
      },
    });
    this.calls = new CallOverlay(
      {
        now,
        timeZone: () => this.manifest?.hall.timezone ?? 'Asia/Shanghai',
        onVisible: (call) => this.callVisible(call),
        onSpotlight: (call) => {
          this.frames.invalidate();
          this.mirror.setCall(call?.text ?? null);
          this.kiosk.setCall(call?.text ?? null);
        },
        onLayoutChange: () => this.layout(),
      },
      (element) => this.mirror.append(element),
    );
    const announcerView = new AnnouncerView(
      (element) => this.mirror.append(element),
      () => this.announcer.unlock(),
    );
    this.announcer = new Announcer({
      now,
      audio: announcerView.audio,
      speech: createSpeechSink(),
      storage: localStore(),
      onState: (state, callId) => announcerView.render(state, callId),
      onAudioStarted: (call, at) => this.callAcks.audioStarted(call, at),
      duck: createDucker(announcerView.audio),
      onStatus: () => this.hooks.announcerChanged?.(),
    });
    this.overrides = new OverrideOverlay({
      now,
      onChange: ({ emergency, message }) => {
        this.mirror.setOverride(emergency ?? message);
        this.emergencyShown = emergency !== null;
        this.kiosk.setEmergency(emergency !== null);
        this.announcer.setSuspended(emergency !== null);
        // The takeover hides the calls: the aria-live call element and the acks must not claim one is on screen.
        this.calls.setCovered(emergency !== null);
        this.calls.setMessageShown(message !== null);
        this.layout();
      },
      onFirstShown: (o) => this.connection.send({ type: 'ack', kind: 'override', id: o.id, shownAt: this.clock.now() }),
    });
    this.connection = new PlayerConnection({
      url: playerSocketUrl(location, params),
      clock: this.clock,
      hello: () => ({ screenId: params.screenId, key: params.key, playerVersion, resolution: screenResolution(), manifestVersion: this.manifest?.version }),
      played: new PlayedQueue(localStore(), `hall-signage:played:${params.screenId}`),
      onRefused: (reason) => {
        if (this.hooks.refused?.(reason)) return;
        if (reason === 'tooOld') location.reload();
        else showStatus(reason, `屏幕编号：${params.screenId}`);
      },
    });
    this.callAcks = new CallAcks({ now, send: (m) => this.connection.send(m) });
    this.kiosk = new KioskMode({ now, link: this.connection, queue: this.calls.feed, storage: params.preview ? null : localStore(), screenId: params.screenId, ...(!params.preview && { device: { screenId: params.screenId, key: params.key } }) });
    // A counter's rating tablet: the pad covers the playlist and lives as long as the page.
    if (!params.preview && isRatingMode(location.search)) new RatingPad({ device: { screenId: params.screenId, key: params.key }, feed: this.calls.feed, timeScale: readTimeScale(location.search) });
    this.connection.onMessage((m) => this.receive(m));
    this.connection.onStatus((s) => this.statusChanged(s));
    this.clock.onChange(() => this.scheduler.clockChanged());

    app.stage.addChild(this.boot.container, this.zones.container, this.overrides.messageLayer, this.calls.container, this.overrides.emergencyLayer);
    // We render ourselves (see IDLE_FRAME_MS), so the Application's own per-tick render goes.
    app.ticker.remove(app.render, app);
    // NOTE: elapsedMS, not deltaMS: pixi caps deltaMS at 100 ms per frame, so on a slow screen (or
    // SwiftShader) a 600 ms transition would stretch over seconds. Animations follow the wall clock.
    app.ticker.add((ticker) => this.tick(Math.min(ticker.elapsedMS, 1000)));
    app.renderer.on('resize', () => this.layout());
    this.layout();
  }

  /** The slide in the main zone now, for health and the debugging hook. */
  get slideId(): string | null {
    return this.host.currentSlide?.id ?? null;
  }

  get manifestVersion(): string | null {
    return this.manifest?.version ?? null;
  }

  /** What the announcer says now and how many wait; undefined on a screen that does not speak. */
  get announcerStatus(): AnnouncerStatus | undefined {
    return this.announcer.enabledNow ? this.announcer.status : undefined;
  }

  /** A call is being announced now: no reload may cut it. */
  get announcing(): boolean {
    return this.announcer.state === 'playing';
  }

  /** A kiosk visitor has the app open: a planned reload waits (remote/reload-planner.ts). */
  get kioskOpen(): boolean {
    return this.kiosk.open;
  }

  /** A planned reload can wait no longer: end the kiosk session so its record survives the reload. */
  endKioskSession(): void {
    this.kiosk.interrupt();
  }

  /**
   * Report something the player worked around; with `skip`, the main zone moves on to its next
   * slide at once (a stalled video calls this).
   */
  reportProblem(problem: PlayerProblem & { skip?: boolean }): void {
    const { skip, ...rest } = problem;
    this.hooks.problem?.(rest);
    if (skip) this.scheduler.skip(rest.slideId);
  }

  /** Draw the next frame even if nothing says it changed (after a WebGL context restore). */
  invalidate(): void {
    this.frames.invalidate();
  }

  /** Preview mode (no socket, no storage): play `manifest` as given, with an optional queue state. */
  preview(manifest: Manifest, queueState?: QueueState): void {
    this.applyManifest(manifest);
    if (queueState) this.calls.setQueueState(queueState);
  }

  /** Preview mode: put one slide of the manifest in the main zone now (the loop goes on from there). */
  previewShow(slideId: string): void {
    void this.showSlide(slideId);
  }

  /** Boot from the stored manifest at once (server or not), then connect. */
  start(): void {
    const stored = loadManifest(this.params.screenId);
    if (stored) this.applyManifest(stored);
    this.connection.start();
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'manifest':
        saveManifest(this.params.screenId, message.manifest);
        this.applyManifest(message.manifest);
        return;
      case 'call': {
        const call = message.call;
        // The speaker says what its screen shows; a screen that shows no calls may still be the area's speaker.
        const forUs = this.calls.accepts(call) || this.manifest?.screen.callDisplay === 'none';
        this.calls.push(call);
        // The board change the call made comes with it: no separate whole-board frame follows.
        if (message.board) this.calls.applyBoard(message.board, call);
        if (forUs) this.announcer.offer(call);
        return;
      }
      case 'command':
        return; // answered by remote/screen-ops.ts
      case 'queueState':
        // Shown as it is, never announced: a reconnect or reload catches up silently.
        this.calls.setQueueState(message.state);
        return;
      case 'welcome':
        // The hello's board comes next and is the truth, whatever revision this board held before.
        this.calls.newConnection();
        return;
      case 'pong':
      case 'heartbeat':
      case 'error':
        return; // handled by the connection (clock, status, logging)
      default: {
        const unknown: never = message;
        console.warn('[ws] unhandled message', unknown);
      }
    }
  }

  private applyManifest(manifest: Manifest): void {
    if (this.manifest?.version === manifest.version) return;
    this.manifest = manifest;
    this.slides = new Map(manifest.slides.map((s) => [s.id, s]));
    this.calls.setScreen(manifest.screen);
    this.announcer.configure(manifest.screen.id, manifest.screen.announce === true);
    this.overrides.setOverrides(manifest.overrides, manifest.screen);
    this.zones.setManifest(manifest);
    this.scheduler.setManifest(manifest);
    this.hooks.manifestChanged?.(manifest);
  }

  private showSlide(slideId: string): Promise<boolean> {
    const manifest = this.manifest;
    const slide = (manifest && builtinSlide(slideId, manifest.hall)) ?? this.slides.get(slideId);
    if (!slide) {
      console.warn(`[slide] unknown slide id ${slideId}, skipped`);
      return Promise.resolve(false);
    }
    const attempt = ++this.showAttempt;
    return this.host.show(slide).then((shown) => {
      // false also means "superseded by a later show"; only the latest attempt failing is a failure.
      if (!shown && attempt === this.showAttempt) {
        this.reportProblem({ code: 'slide_failed', message: `幻灯片「${slide.title}」无法显示，已跳过`, slideId: slide.id });
      }
      return shown;
    });
  }

  private slideShown(slide: Slide): void {
    this.frames.invalidate();
    this.mirror.setNowPlaying(slide.id, slide.title);
    this.onMainShown?.(slide);
    if (this.boot) {
      this.boot.destroy();
      this.boot = null;
    }
  }

  private statusChanged(status: ConnectionStatus): void {
    console.info(`[ws] ${status}`);
    if (status === 'online') clearStatus();
  }

  private tick(dtMs: number): void {
    const bootChanged = this.boot?.update(dtMs) ?? false;
    // Read before updating: the frame in which a transition ends must still be drawn.
    const hostMoving = this.host.animating;
    this.host.update(dtMs);
    const zonesMoving = this.zones.animating;
    const zonesChanged = this.zones.update(dtMs);
    const overlaysChanged = this.overrides.update(dtMs);
    const callChanged = this.calls.update(dtMs);
    this.frames.tick(hostMoving || this.host.animating || zonesMoving || zonesChanged || overlaysChanged || callChanged || bootChanged);
  }

  /** A call is drawn on this screen for the first time: ack it once the frame is out. */
  private callVisible(call: QueueCall): void {
    this.frames.invalidate();
    this.frames.afterNextFrame(() => this.callAcks.shown(call));
  }

  /** Lay every layer out for the current window size; the message band takes room from the content. */
  private layout(): void {
    const { width, height } = this.app.screen;
    this.frames.invalidate();
    this.overrides.resize(width, height);
    const band = this.overrides.messageBandHeight();
    // A layout's callPanel zone hosts the board; else the board takes its share beside the content.
    this.calls.setPanelZone(this.zones.panelBox({ x: 0, y: 0, width, height: height - band }), this.zones.panelDrawsClock());
    this.zones.resize(this.calls.layout(width, height, band));
    // Nothing to draw under a strip's opaque status: pixi skips invisible containers.
    this.zones.container.visible = !this.calls.coversContent;
    this.boot?.resize(width, height);
  }
}

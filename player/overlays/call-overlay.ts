/**
 * Queue calls on a screen, by its call display mode (`manifest.screen.callDisplay`):
 * - `full` (waiting-area boards): the QueueBoard beside the playlist (right third in landscape,
 *   bottom in portrait) once the hall's queue has anything to show; the playlist keeps the rest;
 * - `banner`: a lower-third band over the playlist while a call is in the spotlight;
 * - `strip` with counters (counter LED strips): the screen is the counter's status — it covers the
 *   playlist whenever the queue state is known, and gives way to an operator's message band when
 *   no call of its own is in the spotlight; without counters, each call as a whole-screen line;
 * - `none`: nothing.
 * One CallQueue (the spotlight, paced by content/call-pacing.ts) serialises calls for the aria-live
 * element and the big card: 12 s alone, shorter as calls wait (never under 2 s), a newer call at a
 * counter supersedes its older one. The card also lists the other current calls (up to 4 in all).
 * The QueueModel keeps counters, history and waiting counts from `queueState` and live calls, so a
 * reload or reconnect shows the state without any replay.
 */
import { Container } from 'pixi.js';
import type { CallDisplay, QueueCall } from '../../content/model';
import type { BoardDelta, QueueState } from '../../content/queue';
import { CounterStrip } from '../queue/counter-strip';
import { HIGHLIGHT_MS, QueueBoard, type BoardData } from '../queue/queue-board';
import { QueueMirror } from '../queue/queue-mirror';
import { QueueModel } from '../queue/queue-model';
import { CallSet, sameCall } from '../queue/call-key';
import { stripLine } from '../queue/strip-line';
import { isStrip } from '../slides/theme';
import { CallBanner } from './call-banner';
import { CallCover } from './call-cover';
import { CallQueue } from './call-queue';

/** Share of a landscape screen's width (of a portrait screen's height) the queue board takes. */
export const BOARD_SHARE = { landscape: 0.36, portrait: 0.42 } as const;
/** How often freshness (row and cell highlights) is re-checked. */
const FRESH_CHECK_MS = 500;
const VISIBLE_IDS_LIMIT = 1000;

/** What the overlay needs to know about its screen. */
export interface CallScreen {
  callDisplay: CallDisplay;
  counters: readonly string[];
  stripIdleText?: string;
  stripPausedText?: string;
}

/** Where the playlist goes, in screen pixels. */
export interface ContentBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the call layer tells the player. */
export interface CallOverlayOptions {
  /** Server-corrected now. */
  now(): number;
  timeZone(): string;
  /** A call is on this screen for the first time (acknowledged after the next frame). */
  onVisible(call: QueueCall): void;
  /** The spotlight call (the aria-live element), or null. */
  onSpotlight(call: QueueCall | null): void;
  /** The content zone changed: the board came or went, or the strip covers the playlist. */
  onLayoutChange(): void;
}

/** The call layer of the player: board, banner or strip, and the spotlight queue. */
export class CallOverlay {
  readonly container = new Container();
  private readonly spotlight: CallQueue;
  /** Under a 全屏接管 emergency: no spotlight report, no visible report (see call-cover.ts). */
  private readonly cover: CallCover;
  private readonly model = new QueueModel();
  private readonly banner = new CallBanner();
  private readonly mirror: QueueMirror;
  private board: QueueBoard | null = null;
  private strip: CounterStrip | null = null;
  private screen: CallScreen = { callDisplay: 'none', counters: [] };
  private size = { width: 1, height: 1, bottom: 0 };
  private boardShown = false;
  private stripShown = false;
  private messageShown = false;
  /** Calls already reported visible, by id and createdAt: a new call that reuses an old id is reported again. */
  private readonly visibleIds = new CallSet(VISIBLE_IDS_LIMIT);
  private freshKey = '';
  private stripMirror: Parameters<QueueMirror['setStrip']>[0] = null;
  private sinceFreshCheck = 0;
  /** A layout's callPanel zone (screen px): the board lives there, always, and takes nothing from the content. */
  private panelZone: ContentBox | null = null;
  /** Whether the board in the panel zone draws its clock (not when the layout has a clock zone). */
  private panelClock = true;
  private boardData: BoardData = { current: null, currentIsNew: false, history: [], fresh: new Set(), counters: [], waiting: [] };
  private readonly boardListeners = new Set<(data: BoardData) => void>();

  constructor(
    private readonly options: CallOverlayOptions,
    mountMirror: (element: HTMLElement) => void,
  ) {
    this.mirror = new QueueMirror(mountMirror);
    this.cover = new CallCover({
      spotlight: (call) => options.onSpotlight(call),
      visible: (call) => {
        if (this.visibleIds.add(call)) options.onVisible(call);
      },
    });
    this.container.addChild(this.banner.container);
    this.spotlight = new CallQueue({
      now: options.now,
      onShow: (call) => {
        this.cover.spotlight(call);
        if (!this.boardShown && !this.stripShown) this.markVisible(call);
        this.refresh({ newSpotlight: true });
      },
      onClear: () => {
        this.cover.spotlight(null);
        this.refresh();
      },
      onCardChange: () => this.refresh(),
    });
  }

  /** True while the strip status covers the whole screen: the playlist need not be drawn. */
  get coversContent(): boolean {
    return this.stripShown;
  }

  /** The queue as boards draw it, for queue board slides. */
  readonly feed = {
    current: (): BoardData => this.boardData,
    subscribe: (listener: (data: BoardData) => void): (() => void) => {
      this.boardListeners.add(listener);
      return () => this.boardListeners.delete(listener);
    },
  };

  /** Host the board in a layout's callPanel zone (null: none, the board goes beside the content as before). */
  setPanelZone(zone: ContentBox | null, drawClock = true): void {
    const clockChanged = drawClock !== this.panelClock;
    this.panelClock = drawClock;
    if (clockChanged) this.board?.setClockShown(drawClock || !this.panelZone);
    const same = zone && this.panelZone && Object.entries(zone).every(([k, v]) => this.panelZone![k as keyof ContentBox] === v);
    if (same || (!zone && !this.panelZone)) {
      if (clockChanged) this.refresh();
      return;
    }
    const had = this.panelZone !== null;
    this.panelZone = zone;
    if (had !== (zone !== null)) this.ensureViews();
    this.board?.setClockShown(this.panelClock || !this.panelZone);
    this.refresh();
  }

  /** Adopt the screen's call display mode, counters and strip texts. */
  setScreen(screen: CallScreen): void {
    const before = this.screen;
    this.screen = { ...screen, counters: [...screen.counters] };
    if (before.callDisplay !== screen.callDisplay || before.counters.join() !== screen.counters.join()) {
      if (screen.callDisplay === 'none') this.spotlight.clear();
      this.ensureViews();
    }
    this.refresh();
  }

  /** The hall's queue state (on every connect and each change): shown, never announced. */
  setQueueState(state: QueueState): void {
    this.model.applyState(state);
    this.refresh();
  }

  /** A new connection: the board it sends next is the truth (revisions may restart after a server restart). */
  newConnection(): void {
    this.model.newConnection();
  }

  /** What a call changed on the hall's board (carried in its call frame): shown at once, never announced. */
  applyBoard(delta: BoardDelta, call: QueueCall): void {
    this.model.applyDelta(delta, call);
    this.refresh();
  }

  /** An operator's message band is up: a strip without a call of its own lets it through. */
  setMessageShown(shown: boolean): void {
    if (shown === this.messageShown) return;
    this.messageShown = shown;
    this.refresh();
  }

  /**
   * A 全屏接管 emergency covers (true) or uncovers (false) the calls. Calls go on underneath (the
   * pacing keeps its clock), but none counts as on screen until the takeover ends.
   */
  setCovered(covered: boolean): void {
    this.cover.setCovered(covered, (call) => this.stillDrawn(call));
  }

  /** A call from the server; false when this screen does not show it. */
  push(call: QueueCall): boolean {
    if (!this.accepts(call) || this.spotlight.has(call)) return false;
    if (this.model.isRepeat(call)) {
      // A double press: the screen already shows this ticket at this counter.
      console.info(`[call] ${call.id} repeats ${call.ticket} at ${call.counter} within 5 s, not shown again`);
      this.markVisible(call);
      return true;
    }
    this.model.applyCall(call);
    const result = this.spotlight.push(call);
    if (result === 'expired' || result === 'outdated') console.info(`[call] ${call.id} ${result}, kept in history only`);
    this.refresh({ flash: this.isCounterStrip() });
    // Board and strip show the call at once (history, counter line), whatever the spotlight does.
    if (this.boardShown || this.stripShown) this.markVisible(call);
    return true;
  }

  /** Whether this screen shows (and may announce) `call`: counter strips only their own counters. */
  accepts(call: QueueCall): boolean {
    if (this.screen.callDisplay === 'none') return false;
    return !(this.screen.callDisplay === 'strip' && this.screen.counters.length > 0 && !this.screen.counters.includes(call.counter));
  }

  /** Lay out for a screen of width × height with `bottom` px taken by the message band; returns the content zone. */
  layout(width: number, height: number, bottom: number): ContentBox {
    this.size = { width, height, bottom };
    const avail = height - bottom;
    const box: ContentBox = { x: 0, y: 0, width, height: avail };
    if (this.board && this.panelZone) {
      const zone = this.panelZone;
      this.board.container.position.set(zone.x, zone.y);
      this.board.resize(zone.width, zone.height);
    } else if (this.board && this.boardShown) {
      if (width >= height) {
        const panel = Math.round(width * BOARD_SHARE.landscape);
        box.width = width - panel;
        this.board.container.position.set(width - panel, 0);
        this.board.resize(panel, avail);
      } else {
        const panel = Math.round(avail * BOARD_SHARE.portrait);
        box.height = avail - panel;
        this.board.container.position.set(0, avail - panel);
        this.board.resize(width, panel);
      }
    }
    this.strip?.resize(width, height);
    this.banner.resize(width, height, isStrip(height) ? 0 : bottom);
    return box;
  }

  /** Advance blinks, flashes, fades and freshness; true when the frame changed. */
  update(dtMs: number): boolean {
    let changed = this.banner.update(dtMs);
    if (this.board && this.boardShown) changed = this.board.update(dtMs) || changed;
    if (this.strip && this.stripShown) {
      changed = this.strip.update(dtMs) || changed;
      if (this.stripMirror && this.stripMirror.flashing !== this.strip.flashing) this.mirrorStrip({ ...this.stripMirror, flashing: this.strip.flashing });
    }
    this.sinceFreshCheck += dtMs;
    if (this.sinceFreshCheck >= FRESH_CHECK_MS) {
      this.sinceFreshCheck = 0;
      if ((this.boardShown || this.boardListeners.size > 0) && this.freshIds().key !== this.freshKey) {
        this.refresh();
        changed = true;
      }
    }
    return changed;
  }

  private isCounterStrip(): boolean {
    return this.screen.callDisplay === 'strip' && this.screen.counters.length > 0;
  }

  /** Create or free the board and strip views for the current mode. */
  private ensureViews(): void {
    const wantBoard = this.screen.callDisplay === 'full' || this.panelZone !== null;
    const wantStrip = this.isCounterStrip();
    if (!wantBoard && this.board) {
      this.board.destroy();
      this.board = null;
    }
    if (wantBoard && !this.board) {
      this.board = new QueueBoard({ now: this.options.now, timeZone: this.options.timeZone });
      this.board.setClockShown(this.panelClock || !this.panelZone);
      this.board.container.visible = false;
      this.container.addChildAt(this.board.container, 0);
    }
    if (!wantStrip && this.strip) {
      this.strip.destroy();
      this.strip = null;
    }
    if (wantStrip && !this.strip) {
      this.strip = new CounterStrip();
      this.strip.container.visible = false;
      this.container.addChildAt(this.strip.container, 0);
    }
    if (!wantBoard) this.mirror.setBoard(null);
    if (!wantStrip) this.mirrorStrip(null);
  }

  /** Calls still marked on the board: the spotlight's and those younger than HIGHLIGHT_MS. */
  private freshIds(): { ids: Set<string>; key: string } {
    const ids = new Set<string>();
    const showing = this.spotlight.showing;
    if (showing) ids.add(showing.id);
    for (const c of this.spotlight.pending) ids.add(c.id);
    const now = this.options.now();
    for (const c of this.model.recentCalls) if (now - Date.parse(c.createdAt) < HIGHLIGHT_MS) ids.add(c.id);
    return { ids, key: [...ids].sort().join() };
  }

  /** Bring every view and the mirrors in line with the model, the spotlight and the mode. */
  private refresh(opts: { newSpotlight?: boolean; flash?: boolean } = {}): void {
    const { height } = this.size;
    const mode = this.screen.callDisplay;
    const spot = this.spotlight.showing;
    const hasQueue = this.model.counters.length > 0 || this.model.recentCalls.length > 0 || this.model.waiting.length > 0;
    const boardShown = this.board !== null && (this.panelZone !== null || (hasQueue && !isStrip(height)));
    const stripShown = this.strip !== null && this.model.known && (!this.messageShown || spot !== null);
    const layoutChanged = boardShown !== this.boardShown || stripShown !== this.stripShown;
    this.boardShown = boardShown;
    this.stripShown = stripShown;

    const fresh = this.freshIds();
    this.freshKey = fresh.key;
    // The card: the spotlight and the calls spotlit before it that are still current; else the latest call.
    const card = this.spotlight.card;
    const current = card[0] ?? this.model.recentCalls[0] ?? null;
    const data: BoardData = {
      current,
      currentIsNew: spot !== null,
      cardCalls: card.length > 0 ? card : current ? [current] : [],
      history: this.model.recentCalls,
      fresh: fresh.ids,
      counters: this.model.counters,
      waiting: this.model.waiting,
    };
    this.boardData = data;
    for (const listener of this.boardListeners) listener(data);
    if (this.board) {
      this.board.container.visible = boardShown;
      if (boardShown) this.board.set(data, opts.newSpotlight === true);
      this.mirror.setBoard({ visible: boardShown, ...data });
    }
    if (this.strip) {
      this.strip.container.visible = stripShown;
      const counters = this.screen.counters;
      const line = stripLine(counters, (id) => this.model.counter(id), { idle: this.screen.stripIdleText, paused: this.screen.stripPausedText });
      this.strip.set(line, counters, opts.flash === true);
      this.mirrorStrip({ line, counters, visible: stripShown, flashing: this.strip.flashing });
    }
    // The spotlight on its own: a band (banner), or a whole line where nothing else can show it.
    const lineOnly = mode === 'banner' || (mode === 'full' && !boardShown) || (mode === 'strip' && !this.strip);
    this.banner.show(lineOnly ? spot : null, isStrip(height) || mode === 'strip' ? 'wholeLine' : 'lowerThird');
    if (layoutChanged) this.options.onLayoutChange();
  }

  private mirrorStrip(strip: Parameters<QueueMirror['setStrip']>[0]): void {
    this.stripMirror = strip;
    this.mirror.setStrip(strip);
  }

  /** Whether `call` is drawn now: in the spotlight, a board row, or its counter's line on a strip. */
  private stillDrawn(call: QueueCall): boolean {
    if (sameCall(this.spotlight.showing, call)) return true;
    if (this.boardShown && this.model.recentCalls.some((c) => sameCall(c, call))) return true;
    const status = this.model.counter(call.counter);
    return this.stripShown && status?.callId === call.id && status.calledAt !== undefined && Date.parse(status.calledAt) === Date.parse(call.createdAt);
  }

  private markVisible(call: QueueCall): void {
    if (!this.visibleIds.has(call)) this.cover.visible(call);
  }
}

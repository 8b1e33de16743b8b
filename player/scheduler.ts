/**
 * The play loop. It asks the pure resolver what plays now, shows the items in order for their
 * durations, and re-resolves when a new manifest arrives or exactly when the answer can change
 * (`nextChangeAt`): one timer for the slide, one for the next change, no polling. No pixi here.
 */
import type { Manifest } from '../content/protocol';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID, resolve, type PlayItem } from '../content/schedule';
import { MIN_SCALED_SLIDE_MS, readTimeScale } from './screen-params';

/** setTimeout silently fires at once for delays above 2^31-1 ms (~24.8 days): never ask for more. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a slide failed to show, wait this long before trying the next one (no hot loop). */
export const SKIP_DELAY_MS = 1000;

/** Proof of play for one slide, as the protocol's `played` message carries it. */
export interface PlayedReport {
  slideId: string;
  startedAt: string;
  durationMs: number;
}

/** What the scheduler needs from the player around it. */
export interface SchedulerOptions {
  /** Server-corrected current time in ms. */
  now(): number;
  /** Put a slide on screen; resolves true once it shows (or already showed), false if it could not. */
  show(slideId: string): Promise<boolean>;
  /** A slide left the screen after being shown. Not called for the idle slide. */
  played(report: PlayedReport): void;
  /** Multiplies slide durations (soak tests); defaults to the page URL's `test=1&timeScale=…`, else 1. */
  timeScale?: number;
  /** The layout the resolution names (undefined: none), after every resolve and before the first show. */
  layout?(layoutId: string | undefined): void;
}

interface Playing {
  item: PlayItem;
  startedAt: number | null;
}

/** Plays a manifest's resolved loop, item after item. */
export class Scheduler {
  private manifest: Manifest | null = null;
  private items: PlayItem[] = [];
  private index = 0;
  private playing: Playing | null = null;
  private slideTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever a new item starts, so late results of an older `show` are ignored. */
  private token = 0;
  private readonly timeScale: number;

  constructor(private readonly options: SchedulerOptions) {
    this.timeScale = options.timeScale ?? readTimeScale(globalThis.location?.search ?? '');
  }

  /** The item in the loop now, if any. */
  get currentItem(): PlayItem | null {
    return this.playing?.item ?? null;
  }

  /** The loop as last resolved (for debugging and tests). */
  get loop(): readonly PlayItem[] {
    return this.items;
  }

  /** Take a new manifest; an identical version changes nothing, so re-sends cost nothing. */
  setManifest(manifest: Manifest): void {
    if (this.manifest?.version === manifest.version) return;
    this.manifest = manifest;
    this.reresolve();
  }

  /** The server clock offset moved: the next change may now be at another local instant. */
  clockChanged(): void {
    if (this.manifest) this.reresolve();
  }

  /** Stop all timers (the player is shutting down). */
  stop(): void {
    this.token++;
    clearTimeout(this.slideTimer);
    clearTimeout(this.changeTimer);
  }

  private reresolve(): void {
    if (!this.manifest) return;
    const now = this.options.now();
    const resolution = resolve(this.manifest, now);
    this.items = resolution.items;
    this.options.layout?.(resolution.layoutId);
    this.armChangeTimer(Date.parse(resolution.nextChangeAt) - now);
    const current = this.playing?.item.slideId;
    const at = current === undefined ? -1 : this.items.findIndex((i) => i.slideId === current);
    if (at >= 0) {
      // The slide on screen is still wanted: it plays out its time, and the loop goes on from it.
      // Showing it again lets the host pick up an edited definition (same id, new content).
      this.index = at;
      // Only once it is up: re-showing while its first show is still preparing would supersede it.
      if (this.playing?.startedAt !== null) void this.options.show(this.items[at]!.slideId);
      return;
    }
    this.report();
    void this.playAt(0);
  }

  private armChangeTimer(delayMs: number): void {
    clearTimeout(this.changeTimer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, delayMs));
    this.changeTimer = setTimeout(() => this.reresolve(), delay);
  }

  private async playAt(index: number): Promise<void> {
    clearTimeout(this.slideTimer);
    const item = this.items[index];
    if (!item) return;
    const token = ++this.token;
    this.index = index;
    this.playing = { item, startedAt: null };
    const shown = await this.options.show(item.slideId);
    if (token !== this.token) return;
    if (shown) this.playing.startedAt = this.options.now();
    this.slideTimer = setTimeout(() => this.advance(), Math.min(MAX_TIMER_MS, shown ? this.scaled(item.durationMs) : SKIP_DELAY_MS));
  }

  /**
   * Leave the current slide now (a stalled video): the loop goes on with the next item. With
   * `slideId`, only while that slide is the one playing: a report that comes late (the loop moved
   * on meanwhile) must not skip its successor.
   */
  skip(slideId?: string): void {
    if (this.items.length === 0) return;
    if (slideId !== undefined && this.playing?.item.slideId !== slideId) return;
    this.token++;
    clearTimeout(this.slideTimer);
    this.advance();
  }

  private advance(): void {
    this.report();
    if (this.items.length === 0) return;
    void this.playAt((this.index + 1) % this.items.length);
  }

  private scaled(durationMs: number): number {
    return this.timeScale === 1 ? durationMs : Math.max(MIN_SCALED_SLIDE_MS, Math.round(durationMs * this.timeScale));
  }

  /** Proof of play for the slide leaving now, with the time it was really on screen. */
  private report(): void {
    const playing = this.playing;
    if (!playing || playing.startedAt === null || playing.item.slideId === IDLE_SLIDE_ID || playing.item.slideId === STANDBY_SLIDE_ID) return;
    const startedAt = new Date(playing.startedAt).toISOString();
    const durationMs = Math.max(0, Math.round(this.options.now() - playing.startedAt));
    playing.startedAt = null;
    this.options.played({ slideId: playing.item.slideId, startedAt, durationMs });
  }
}

/**
 * The one lifecycle every slide kind implements. The host calls, in order:
 * `prepare()` (load and build, off screen) → `resize(w, h)` → `show()` → `update(dt)` per frame →
 * `hide()` (leaving: stop timers) → `destroy()` (free display objects and textures).
 */
import type { Container } from 'pixi.js';
import type { BoardData } from '../queue/queue-board';

/** The hall's live queue as boards draw it (from the call layer's model); listeners return an unsubscribe. */
export interface QueueFeed {
  current(): BoardData;
  subscribe(listener: (data: BoardData) => void): () => void;
}

/** What a slide view may know about its world, besides its own slide. */
export interface SlideContext {
  /** Server-corrected current time in ms (Date.now() plus the measured offset). */
  now(): number;
  /** The hall's IANA time zone: clocks and dates are shown in it, not in the device's. */
  timeZone: string;
  /** The hall's name, for footers and the idle slide. */
  hallName: string;
  /** True while a clock zone of the layout shows the time: slides then leave out their own clock. */
  clockElsewhere?(): boolean;
  /** Ask for a frame: a still screen is only redrawn when something changed (a clock ticking over). */
  requestRender(): void;
  /** The queue, for queue board slides; absent where the player has none (they then show 等待叫号). */
  queue?: QueueFeed;
  /**
   * Tell the player about something the slide worked around; `skip` moves the main zone on now (a
   * stalled video). Only the main zone has it: other zones' loops are not the scheduler's.
   */
  reportProblem?(problem: { level?: 'info' | 'warn' | 'error'; code: string; message: string; slideId?: string; skip?: boolean }): void;
}

/** A slide on screen: a pixi container plus the lifecycle the host drives. */
export interface SlideView {
  readonly container: Container;
  /** Load assets and build display objects; rejects when the slide cannot be shown. */
  prepare(): Promise<void>;
  /** The slide starts becoming visible (its transition begins). */
  show(): void;
  /** The slide starts leaving; stop timers and animations. */
  hide(): void | Promise<void>;
  /** Per-frame animation, with the elapsed milliseconds. */
  update?(dtMs: number): void;
  /** True while the slide moves on its own (a scrolling strip): the screen then renders every frame. */
  animating?(): boolean;
  /** Lay out for a box of w × h CSS pixels; called after prepare and on every window resize. */
  resize(width: number, height: number): void;
  /** Free everything: display objects and any texture this slide loaded. */
  destroy(): void | Promise<void>;
}

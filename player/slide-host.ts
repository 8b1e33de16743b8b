/**
 * The lifecycle host of the main zone. It prepares the next slide completely while the current one
 * stays on screen (double buffer), runs the transition, then destroys the old slide and its textures.
 * A slide that cannot be prepared is logged and skipped: the last good content stays on screen.
 */
import { Container } from 'pixi.js';
import type { Slide, Transition } from '../content/model';
import { loadGlyphs, textOf } from './slides/font-loading';
import type { SlideView } from './slides/slide-view';
import { applyTransition, TRANSITION_MS } from './transitions';

/** A slide that takes longer than this to prepare (a stuck download) counts as failed. */
export const PREPARE_TIMEOUT_MS = 20_000;

interface Hosted {
  slide: Slide;
  view: SlideView;
  /** The slide's full definition: an edited slide with the same id is shown anew. */
  key: string;
}

interface Running {
  from: Hosted | null;
  to: Hosted;
  kind: Transition;
  elapsed: number;
}

/** What the host needs from its owner. */
export interface SlideHostOptions {
  createView(slide: Slide): SlideView;
  /** Called when a slide starts to appear (its transition begins). */
  onShown(slide: Slide): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Hosts one slide at a time, with transitions between them. No clipping mask: every slide draws
 * inside its own w × h (a stencil pass per frame costs dearly on software-rendered kiosks).
 */
export class SlideHost {
  readonly container = new Container();
  private current: Hosted | null = null;
  private running: Running | null = null;
  private generation = 0;
  private width = 1;
  private height = 1;

  constructor(private readonly options: SlideHostOptions) {}

  /** The slide in the zone now (the arriving one during a transition). */
  get currentSlide(): Slide | null {
    return this.current?.slide ?? null;
  }

  /**
   * Show `slide`. Resolves true once it is on screen (or already was), false when it failed or a
   * later call superseded it.
   */
  async show(slide: Slide): Promise<boolean> {
    const key = JSON.stringify(slide);
    const gen = ++this.generation;
    if (this.current?.key === key) return true;
    let view: SlideView | null = null;
    try {
      // Glyphs first: a Text measured with a fallback face keeps the wrong size.
      await loadGlyphs(textOf(slide));
      view = this.options.createView(slide);
      await withTimeout(view.prepare(), PREPARE_TIMEOUT_MS, 'prepare');
      view.resize(this.width, this.height);
    } catch (err) {
      console.error(`[slide:${slide.type}] 幻灯片「${slide.title}」(${slide.id}) 无法显示，已跳过`, err);
      if (view) void this.dispose(view, slide);
      return false;
    }
    if (gen !== this.generation) {
      void this.dispose(view, slide);
      return false;
    }
    this.finishTransition();
    const from = this.current;
    const to: Hosted = { slide, view, key };
    try {
      await from?.view.hide();
    } catch (err) {
      console.warn(`[slide:${from?.slide.type}] hide failed`, err);
    }
    if (gen !== this.generation) {
      void this.dispose(view, slide);
      return false;
    }
    this.current = to;
    this.container.addChild(view.container);
    view.show();
    this.options.onShown(slide);
    this.running = { from, to, kind: from ? (slide.transition ?? 'fade') : 'none', elapsed: 0 };
    applyTransition(this.running.kind, from?.view.container ?? null, view.container, 0, this.width);
    if (this.running.kind === 'none') this.finishTransition();
    return true;
  }

  /** True while a transition runs or the slide animates itself: the screen must render every frame. */
  get animating(): boolean {
    return this.running !== null || (this.current?.view.animating?.() ?? false);
  }

  /** Advance the transition and the visible slides' animations. */
  update(dtMs: number): void {
    const run = this.running;
    if (run) {
      run.elapsed += dtMs;
      applyTransition(run.kind, run.from?.view.container ?? null, run.to.view.container, run.elapsed / TRANSITION_MS, this.width);
      if (run.elapsed >= TRANSITION_MS) this.finishTransition();
    }
    this.current?.view.update?.(dtMs);
  }

  /** Give the zone a new size; every slide on screen lays itself out again. */
  resize(width: number, height: number): void {
    this.width = Math.max(1, Math.round(width));
    this.height = Math.max(1, Math.round(height));
    this.current?.view.resize(this.width, this.height);
    this.running?.from?.view.resize(this.width, this.height);
  }

  /** Free every slide the host holds (its zone is going away); a show still preparing is dropped. */
  async clear(): Promise<void> {
    this.generation++;
    this.finishTransition();
    const current = this.current;
    this.current = null;
    if (current) await this.dispose(current.view, current.slide);
  }

  /** End any running transition at once and free the slide that left. */
  private finishTransition(): void {
    const run = this.running;
    if (!run) return;
    this.running = null;
    applyTransition(run.kind, run.from?.view.container ?? null, run.to.view.container, 1, this.width);
    run.to.view.container.alpha = 1;
    run.to.view.container.x = 0;
    if (run.from) void this.dispose(run.from.view, run.from.slide);
  }

  private async dispose(view: SlideView, slide: Slide): Promise<void> {
    try {
      view.container.parent?.removeChild(view.container);
      await view.destroy();
    } catch (err) {
      console.warn(`[slide:${slide.type}] destroy failed`, err);
    }
  }
}

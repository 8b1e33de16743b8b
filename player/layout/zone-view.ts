/**
 * What a layout zone is to the runner: a container drawn inside its pixel box, advanced every frame.
 * The main zone is the player's SlideHost; the others are made here per zone content type.
 */
import { Container, Graphics } from 'pixi.js';
import { ClockSlide, type ClockOptions } from '../slides/clock';
import type { SlideContext } from '../slides/slide-view';
import { COLORS } from '../slides/theme';

/** One zone's view. */
export interface ZoneView {
  readonly container: Container;
  /** True while it moves on its own: the player renders every frame then. */
  readonly animating: boolean;
  resize(width: number, height: number): void;
  /** Advance by `dtMs`; true when the frame changed. */
  update(dtMs: number): boolean;
  destroy(): void;
}

/** A clock zone: the clock slide's view, hosted directly (it never changes). */
export class ClockZone implements ZoneView {
  private readonly clock: ClockSlide;
  readonly animating = false;
  private destroyed = false;

  constructor(options: ClockOptions, ctx: SlideContext) {
    this.clock = new ClockSlide(options, ctx);
    // A layout switch may destroy the zone before prepare settles: showing then would touch freed objects.
    this.clock.prepare().then(
      () => this.destroyed || this.clock.show(),
      (err: unknown) => console.warn('[zone:clock] prepare failed', err),
    );
  }

  get container(): Container {
    return this.clock.container;
  }

  resize(width: number, height: number): void {
    this.clock.resize(width, height);
  }

  update(dtMs: number): boolean {
    this.clock.update(dtMs);
    return false;
  }

  destroy(): void {
    this.destroyed = true;
    this.clock.destroy();
  }
}

/**
 * The callPanel zone's ground: the board itself lives in the call layer (above all zones, with
 * its acks and mirror) and is placed over this box; this only keeps the box from showing black.
 */
export class PanelZone implements ZoneView {
  readonly container = new Container();
  readonly animating = false;
  private readonly ground = new Graphics();

  constructor() {
    this.container.addChild(this.ground);
  }

  resize(width: number, height: number): void {
    this.ground.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
  }

  update(): boolean {
    return false;
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}

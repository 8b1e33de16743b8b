/**
 * Runs a screen's layout: one container per zone, drawn in the layout's order (later zones on top),
 * inside the box the call layer leaves for content. The main zone is the player's own SlideHost
 * (scheduler, proof of play, DOM mirror stay as they were); playlist, ticker, clock and callPanel
 * zones are built here and rebuilt only when the layout's zones change. Without a layout the main
 * zone is the whole box: exactly the player before layouts.
 */
import { Container } from 'pixi.js';
import { FULL_SCREEN_ZONE, type Layout, type Zone } from '../../content/layout-model';
import type { Slide } from '../../content/model';
import type { Manifest } from '../../content/protocol';
import type { SlideHost } from '../slide-host';
import type { SlideContext, SlideView } from '../slides/slide-view';
import { PlaylistZone } from './playlist-zone';
import { TickerZone } from './ticker-zone';
import { zoneBox, type PixelBox, panelDrawsClock } from './zone-boxes';
import { ClockZone, PanelZone, type ZoneView } from './zone-view';

/** What the runner needs from the player. */
export interface LayoutRunnerOptions {
  now(): number;
  slideContext(): SlideContext;
  createView(slide: Slide): SlideView;
  requestRender(): void;
}

/** Frames slower than this mean software rendering: animation steps, not glides. */
const SLOW_FRAME_MS = 80;
/** On such a device a moving zone redraws every this many frame costs (the main thread stays ~⅔ free). */
const FRAME_COST_SHARE = 3;

interface Placed {
  zone: Zone;
  /** null for the main zone (the player's host). */
  view: ZoneView | null;
}

/** The zones of the current layout. */
export class LayoutRunner {
  readonly container = new Container();
  private placed: Placed[] = [];
  private frameMs = 16;
  private sinceDraw = 0;
  private drewLast = false;
  private key = '';
  private manifest: Manifest | null = null;
  /** The id of the layout on screen (undefined: none, full-screen main zone). */
  layoutId: string | undefined;

  constructor(
    private readonly main: SlideHost,
    private readonly options: LayoutRunnerOptions,
  ) {
    this.setLayout(null);
  }

  /** Switch to `layout` (null: one full-screen main zone); same zones → nothing is rebuilt (false). */
  setLayout(layout: Layout | null): boolean {
    const zones = layout?.zones.some((z) => z.content.type === 'main') ? layout.zones : [FULL_SCREEN_ZONE];
    const key = JSON.stringify(zones);
    this.layoutId = layout?.id;
    if (key === this.key) return false;
    this.key = key;
    for (const p of this.placed) p.view?.destroy();
    this.container.removeChildren();
    this.placed = zones.map((zone) => ({ zone, view: this.build(zone) }));
    for (const p of this.placed) this.container.addChild(p.view?.container ?? this.main.container);
    if (this.manifest) this.setManifest(this.manifest);
    return true;
  }

  /** New content for playlist zones. */
  setManifest(manifest: Manifest): void {
    this.manifest = manifest;
    for (const p of this.placed) if (p.view instanceof PlaylistZone) p.view.setManifest(manifest);
  }

  /** The callPanel zone's box in `box`'s coordinates (the call layer hosts the board there), or null. */
  panelBox(box: PixelBox): PixelBox | null {
    const panel = this.placed.find((p) => p.zone.content.type === 'callPanel');
    return panel ? zoneBox(panel.zone, box) : null;
  }

  /** False when a clock zone already shows the time (the call panel's board then leaves out its own). */
  panelDrawsClock(): boolean {
    return panelDrawsClock(this.placed.map((p) => p.zone));
  }

  /** Lay every zone out inside `box` (screen px). */
  resize(box: PixelBox): void {
    for (const p of this.placed) {
      const b = zoneBox(p.zone, box);
      const container = p.view?.container ?? this.main.container;
      container.position.set(b.x, b.y);
      if (p.view) p.view.resize(b.width, b.height);
      else this.main.resize(b.width, b.height);
    }
    this.options.requestRender();
  }

  /** True when a zone other than the main one moves and its next frame is due. */
  get animating(): boolean {
    return this.placed.some((p) => p.view?.animating) && this.frameDue();
  }

  /** Advance every zone but the main one; true when a frame must be drawn. */
  update(dtMs: number): boolean {
    // The tick after a drawn frame tells what a frame costs here (render + wait for the next one).
    if (this.drewLast) this.frameMs = this.frameMs * 0.8 + dtMs * 0.2;
    this.sinceDraw += dtMs;
    let changed = false;
    for (const p of this.placed) if (p.view?.update(dtMs)) changed = true;
    changed = changed && this.frameDue();
    this.drewLast = changed;
    if (changed) this.sinceDraw = 0;
    return changed;
  }

  /**
   * A ticker wants every display frame. Where one frame costs more than SLOW_FRAME_MS (software
   * WebGL on a weak box: 1080p can take a second) drawing back to back would starve everything else,
   * so it then steps every FRAME_COST_SHARE × cost; it still moves by wall time, just less often.
   */
  private frameDue(): boolean {
    return this.frameMs < SLOW_FRAME_MS || this.sinceDraw >= this.frameMs * FRAME_COST_SHARE;
  }

  private build(zone: Zone): ZoneView | null {
    const c = zone.content;
    switch (c.type) {
      case 'main':
        return null;
      case 'playlist':
        return new PlaylistZone(c.playlistId, this.options);
      case 'ticker':
        return new TickerZone(c.text, c.speed);
      case 'clock':
        return new ClockZone({ showDate: c.showDate, showSeconds: c.showSeconds }, this.options.slideContext());
      case 'callPanel':
        return new PanelZone();
      default: {
        const unknown: never = c;
        throw new Error(`unknown zone type ${(unknown as { type: string }).type}`);
      }
    }
  }
}

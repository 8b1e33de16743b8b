/**
 * The kiosk app's own turn in the attract loop: its call to action (attractText) large on deep teal,
 * a pulsing touch mark, and the home menu's tile labels as a preview of what is inside. Drawn with
 * pixi like every slide (it is part of the loop); the interactive pages themselves are DOM (see
 * kiosk-layer.ts). The pulse runs on wall time and asks for frames only while this card shows.
 */
import { Container, Graphics } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { kioskState } from './kiosk-state';
import type { SlideContext, SlideView } from '../slides/slide-view';
import { fitText } from '../slides/text-fit';
import { COLORS, isStrip, makeText, px, unitFor } from '../slides/theme';

/** One pulse of the touch mark, ms. */
const PULSE_MS = 1600;

/** The attract card of a `kioskApp` slide. */
export class AttractCard implements SlideView {
  readonly container = new Container();
  private readonly backdrop = new Graphics();
  private readonly ring = new Graphics();
  private readonly dot = new Graphics();
  private readonly cta = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private readonly hint = makeText({ fill: 0xd6ede8, align: 'center' });
  private readonly menu = makeText({ fill: COLORS.yellow, align: 'center' });
  private phase = 0;
  private showing = false;
  private radius = 0;

  constructor(
    private readonly slide: SlideOf<'kioskApp'>,
    private readonly ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    this.container.addChild(this.backdrop, this.ring, this.dot, this.cta, this.hint, this.menu);
  }

  show(): void {
    this.showing = true;
  }

  hide(): void {
    this.showing = false;
  }

  update(dtMs: number): void {
    if (!this.showing || kioskState.open) return;
    this.phase = (this.phase + dtMs / PULSE_MS) % 1;
    const k = this.phase;
    // The ring grows and fades out from the dot: a ripple where a finger would land.
    this.ring.scale.set(1 + k * 0.9);
    this.ring.alpha = 1 - k;
    this.dot.scale.set(1 + 0.06 * Math.sin(k * Math.PI * 2));
    this.ctx.requestRender();
  }

  animating(): boolean {
    return this.showing && !kioskState.open;
  }

  resize(width: number, height: number): void {
    const u = unitFor(width, height);
    this.backdrop.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
    this.backdrop.rect(0, height - Math.round(u * 0.3), width, Math.round(u * 0.3)).fill(COLORS.gold);
    if (isStrip(height)) {
      this.ring.visible = this.dot.visible = this.hint.visible = this.menu.visible = false;
      fitText(this.cta, this.slide.attractText, { width: width * 0.9, height: height * 0.8 }, { maxFontSize: height * 0.6, maxLines: 1 });
      this.cta.position.set(Math.round((width - this.cta.width) / 2), Math.round((height - this.cta.height) / 2));
      return;
    }
    this.radius = Math.round(Math.min(width, height) * 0.12);
    const cx = width / 2;
    const cy = height * 0.36;
    this.ring.clear().circle(0, 0, this.radius).stroke({ width: Math.max(4, u * 0.2), color: COLORS.yellow });
    this.ring.position.set(cx, cy);
    this.dot.clear().circle(0, 0, this.radius * 0.62).fill(COLORS.yellow);
    // A fingertip: a small teal disc inside the dot.
    this.dot.circle(0, 0, this.radius * 0.2).fill(COLORS.tealDark);
    this.dot.position.set(cx, cy);

    const textW = width * 0.86;
    const fit = fitText(this.cta, this.slide.attractText, { width: textW, height: height * 0.16 }, { maxFontSize: u * 2.6, minFontSize: u * 0.8, maxLines: 2, lineHeight: 1.25, balance: true });
    const ctaY = cy + this.radius * 2 + u;
    this.cta.position.set(Math.round((width - this.cta.width) / 2), Math.round(ctaY));
    this.hint.style.fontSize = px(u * 0.8);
    this.hint.text = '轻触屏幕任意位置，或按遥控器「确定」键';
    this.hint.position.set(Math.round((width - this.hint.width) / 2), Math.round(ctaY + fit.height + u * 0.8));
    const home = this.slide.pages.find((p) => p.id === this.slide.home);
    const labels = home?.type === 'menu' ? home.tiles.map((t) => t.label).join('  ·  ') : this.slide.title;
    fitText(this.menu, labels, { width: textW, height: u * 3 }, { maxFontSize: u * 1.1, minFontSize: u * 0.5, maxLines: 2, balance: true });
    this.menu.position.set(Math.round((width - this.menu.width) / 2), Math.round(this.hint.y + this.hint.height + u * 1.2));
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}

/**
 * Standby outside an area's business hours: the welcome slide (hall name and clock) under a dark
 * veil (`dim`), or nothing but black (`blank`). A veil rather than alpha, so the result is darker
 * than the content whatever the page background is.
 */
import { Graphics } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import type { SlideContext, SlideView } from './slide-view';
import { WelcomeSlide } from './welcome';

const DIM_ALPHA = 0.72;

export class StandbySlide implements SlideView {
  private readonly inner: WelcomeSlide;
  private readonly veil = new Graphics();
  private readonly blank: boolean;

  constructor(slide: SlideOf<'welcome'>, ctx: SlideContext) {
    this.inner = new WelcomeSlide(slide, ctx);
    this.blank = slide.tags?.includes('blank') ?? false;
  }

  get container() {
    return this.inner.container;
  }

  async prepare(): Promise<void> {
    await this.inner.prepare();
    this.inner.container.addChild(this.veil);
  }

  show(): void {
    this.inner.show();
  }

  hide(): void {
    this.inner.hide();
  }

  update(dtMs: number): void {
    if (!this.blank) this.inner.update(dtMs);
  }

  animating(): boolean {
    return !this.blank && this.inner.animating();
  }

  resize(width: number, height: number): void {
    this.inner.resize(width, height);
    this.veil.clear().rect(0, 0, width, height).fill({ color: 0x000000, alpha: this.blank ? 1 : DIM_ALPHA });
  }

  destroy(): void {
    this.inner.destroy();
  }
}

/**
 * The spotlight call drawn on its own, for screens without a board or strip status: a lower-third
 * band over the playlist (callDisplay `banner`; the content keeps playing underneath), or the
 * whole screen as one line on screens less than 200 px high. It fades in over FADE_MS.
 */
import { Container, Graphics } from 'pixi.js';
import type { QueueCall } from '../../content/model';
import { fitText } from '../slides/text-fit';
import { COLORS, makeText, unitFor } from '../slides/theme';

const FADE_MS = 200;

/** How the banner is drawn. */
export type BannerStyle = 'lowerThird' | 'wholeLine';

/** One call as a band or a whole-screen line. */
export class CallBanner {
  readonly container = new Container();
  private readonly panel = new Graphics();
  private readonly tag = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly line = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private call: QueueCall | null = null;
  private style: BannerStyle = 'lowerThird';
  private box = { width: 1, height: 1, bottom: 0 };
  private fade = 1;

  constructor() {
    this.container.addChild(this.panel, this.tag, this.line);
    this.container.visible = false;
  }

  /** Show `call` (fading in), or hide with null. */
  show(call: QueueCall | null, style: BannerStyle): void {
    const isNew = call !== null && call.id !== this.call?.id;
    this.call = call;
    this.style = style;
    this.container.visible = call !== null;
    if (isNew) {
      this.fade = 0;
      this.container.alpha = 0;
    }
    this.layout();
  }

  /** `bottom`: height kept free at the bottom (the message band). */
  resize(width: number, height: number, bottom: number): void {
    this.box = { width, height, bottom };
    this.layout();
  }

  /** Fade-in; true when the frame changed. */
  update(dtMs: number): boolean {
    if (!this.container.visible || this.fade >= 1) return false;
    this.fade = Math.min(1, this.fade + dtMs / FADE_MS);
    this.container.alpha = this.fade;
    return true;
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }

  private layout(): void {
    const call = this.call;
    if (!call) return;
    const { width, height, bottom } = this.box;
    this.panel.clear();
    if (this.style === 'wholeLine') {
      this.tag.visible = false;
      this.panel.rect(0, 0, width, height).fill(COLORS.tealDark);
      this.line.style.fill = COLORS.yellow;
      const pad = Math.max(2, Math.min(width, height) * 0.06);
      const fit = fitText(this.line, call.text, { width: width - 2 * pad, height: height - 2 * pad }, { maxFontSize: height, minFontSize: 8, lineHeight: 1.15, balance: true });
      this.line.position.set(Math.round((width - fit.width) / 2), Math.round((height - fit.height) / 2));
      return;
    }
    const u = unitFor(width, height);
    const bandH = Math.round(Math.max(height * 0.2, u * 3.2));
    const top = height - bottom - bandH;
    this.panel.rect(0, top, width, bandH).fill(COLORS.tealDark);
    this.panel.rect(0, top, width, Math.max(3, u * 0.12)).fill(COLORS.gold);
    // A red 叫号 tag at the left, so the band reads as a call and not as one more notice.
    this.tag.visible = true;
    const tag = fitText(this.tag, '叫号', { width: u * 4, height: bandH * 0.5 }, { maxFontSize: u * 1.1, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    const tagW = tag.width + u;
    const tagH = tag.height + u * 0.4;
    this.panel.roundRect(u, top + (bandH - tagH) / 2, tagW, tagH, u * 0.2).fill(COLORS.red);
    this.tag.position.set(Math.round(u + (tagW - tag.width) / 2), Math.round(top + (bandH - tag.height) / 2));
    this.line.style.fill = COLORS.white;
    const left = u * 2 + tagW;
    const box = { width: width - left - u, height: bandH - u };
    const fit = fitText(this.line, call.text, box, { maxFontSize: u * 2.1, minFontSize: u * 0.5, maxLines: 2, lineHeight: 1.2, balance: true });
    this.line.position.set(Math.round(left + (box.width - fit.width) / 2), Math.round(top + (bandH - fit.height) / 2));
  }
}

/**
 * The common frame of every text slide: light page, deep-teal header band with the title, a footer
 * with the hall name and the 95598 hotline, and the body box in between. Below STRIP_MAX_HEIGHT the
 * frame gives way to a single scrolling line, so every slide kind works on a LED strip.
 */
import { Container, Graphics } from 'pixi.js';
import type { Slide } from '../../content/model';
import { MarqueeLine } from './marquee-line';
import type { SlideContext, SlideView } from './slide-view';
import { fitText } from './text-fit';
import { COLORS, isStrip, makeText, px, unitFor } from './theme';

/** A rectangle in the slide's own coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Base class for slide kinds drawn from text: subclasses build and lay out the body only. */
export abstract class FramedSlide<S extends Slide = Slide> implements SlideView {
  readonly container = new Container();
  /** The body's display objects; subclasses add theirs here. */
  protected readonly body = new Container();
  private readonly page = new Graphics();
  private readonly band = new Graphics();
  private readonly title = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly footerLeft = makeText({ fill: COLORS.teal, fontWeight: 'bold' });
  private readonly footerRight = makeText({ fill: COLORS.inkMuted });
  private readonly strip = new MarqueeLine({ fill: COLORS.white });
  private readonly framed = new Container();
  private stripMode = false;

  constructor(
    protected readonly slide: S,
    protected readonly ctx: SlideContext,
  ) {
    this.framed.addChild(this.page, this.band, this.title, this.footerLeft, this.footerRight, this.body);
    this.container.addChild(this.framed, this.strip.container);
  }

  /** Build the body (and load anything it needs). */
  protected abstract buildBody(): void | Promise<void>;
  /** Place the body inside `box`; `u` is the size unit, `portrait` when taller than wide. */
  protected abstract layoutBody(box: Box, u: number, portrait: boolean): void;

  /** Colour of the header band; notices change it with their level. */
  protected headerColor(): number {
    return COLORS.teal;
  }

  /** The one line a LED strip shows for this slide. */
  protected stripText(): string {
    return this.slide.title;
  }

  /** The title in the header band. */
  protected headerText(): string {
    return this.slide.title;
  }

  /** Per-frame hook for subclasses (clocks). */
  protected onUpdate(_dtMs: number): void {}

  async prepare(): Promise<void> {
    await this.buildBody();
  }

  show(): void {}

  hide(): void {}

  update(dtMs: number): void {
    if (this.stripMode) this.strip.update(dtMs);
    this.onUpdate(dtMs);
  }

  animating(): boolean {
    return this.stripMode && this.strip.animating;
  }

  resize(width: number, height: number): void {
    this.stripMode = isStrip(height);
    this.strip.container.visible = this.stripMode;
    for (const part of [this.band, this.title, this.footerLeft, this.footerRight, this.body]) part.visible = !this.stripMode;
    if (this.stripMode) {
      this.layoutStrip(width, height);
      return;
    }
    const u = unitFor(width, height);
    const bandH = Math.round(u * 2.6);
    const footerH = Math.round(u * 1.3);
    this.page.clear().rect(0, 0, width, height).fill(COLORS.page);
    this.page.rect(0, height - footerH, width, footerH).fill(COLORS.tealLight);
    this.band.clear().rect(0, 0, width, bandH).fill(this.headerColor());
    this.band.rect(0, bandH, width, Math.max(2, Math.round(u * 0.12))).fill(COLORS.gold);
    this.band.rect(Math.round(u * 1.1), Math.round(bandH * 0.28), Math.max(3, Math.round(u * 0.18)), Math.round(bandH * 0.44)).fill(COLORS.gold);

    const titleX = Math.round(u * 1.7);
    const titleBox = { width: width - titleX - u, height: bandH - u * 0.5 };
    const fit = fitText(this.title, this.headerText(), titleBox, { maxFontSize: u * 1.3, minFontSize: u * 0.45, maxLines: 2, lineHeight: 1.2, balance: true });
    this.title.position.set(titleX, Math.round((bandH - fit.height) / 2));

    const footerSize = px(u * 0.5);
    this.footerLeft.style.fontSize = footerSize;
    this.footerLeft.text = this.ctx.hallName;
    this.footerRight.style.fontSize = footerSize;
    this.footerRight.text = '供电服务热线 95598';
    const footerY = height - footerH / 2;
    this.footerLeft.position.set(Math.round(u * 1.2), Math.round(footerY - this.footerLeft.height / 2));
    this.footerRight.position.set(Math.round(width - u * 1.2 - this.footerRight.width), Math.round(footerY - this.footerRight.height / 2));
    // The hall name gives way to the hotline on narrow screens rather than overlapping it.
    this.footerLeft.visible = this.footerLeft.x + this.footerLeft.width + u < this.footerRight.x;

    const top = bandH + Math.round(u * 0.9);
    const body: Box = { x: Math.round(u * 1.2), y: top, width: width - Math.round(u * 2.4), height: height - footerH - top - Math.round(u * 0.7) };
    this.layoutBody(body, u, height > width);
  }

  private layoutStrip(width: number, height: number): void {
    this.page.clear().rect(0, 0, width, height).fill(this.headerColor() === COLORS.teal ? COLORS.tealDark : this.headerColor());
    const pad = Math.round(height * 0.08);
    this.strip.container.position.set(pad, 0);
    this.strip.layout(this.stripText(), width - 2 * pad, height, height * 0.62);
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}

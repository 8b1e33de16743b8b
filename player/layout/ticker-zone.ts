/**
 * 滚动字幕 zone: one line crawling right to left, moved every frame by elapsed wall time (speed in
 * zone heights per second, so it reads the same on a LED wall and a kiosk). Positions stay
 * fractional: rounding to whole pixels at 60 fps makes the text judder between 2 and 3 px steps.
 * Two copies of the line follow each other, so the crawl never shows a hole.
 */
import { Container, Graphics } from 'pixi.js';
import { loadGlyphs } from '../slides/font-loading';
import { COLORS, makeText, px } from '../slides/theme';
import type { ZoneView } from './zone-view';

/** Gap between the end of the line and its next pass, in font sizes. */
const GAP_EM = 3;

/** A crawling ticker. */
export class TickerZone implements ZoneView {
  readonly container = new Container();
  private readonly band = new Graphics();
  private readonly first = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly second = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private offset = 0;
  private width = 1;
  private height = 1;
  private ready = false;
  private destroyed = false;

  constructor(
    private readonly text: string,
    private readonly speed: number,
  ) {
    this.container.addChild(this.band, this.first, this.second);
    // NOTE: no mask. A stencil pass per frame is dear on software-rendered boxes, and a full-width
    // ticker (every template's) is clipped by the screen edge; a narrower one spills over its
    // neighbours' edges, so the layout editor should keep tickers full width.
    void loadGlyphs(text).then(() => {
      // A layout switch may have destroyed this zone while the glyphs loaded.
      if (this.destroyed) return;
      this.ready = true;
      this.layout();
    });
  }

  get animating(): boolean {
    return this.ready && this.container.visible;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.band.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
    this.band.rect(0, 0, width, Math.max(1, Math.round(height * 0.04))).fill(COLORS.gold);
    this.layout();
  }

  update(dtMs: number): boolean {
    if (!this.ready) return false;
    this.offset = (this.offset + (this.speed * this.height * dtMs) / 1000) % this.period();
    this.place();
    return true;
  }

  destroy(): void {
    this.destroyed = true;
    this.container.destroy({ children: true });
  }

  private layout(): void {
    if (!this.ready) return;
    const line = this.text.replace(/\s*\n+\s*/g, '　');
    for (const t of [this.first, this.second]) {
      t.style.fontSize = px(this.height * 0.58);
      t.style.wordWrap = false;
      t.text = line;
      t.y = Math.round((this.height - t.height) / 2);
    }
    this.place();
  }

  /** Distance between passes; at least the zone's width, so two copies always cover it. */
  private period(): number {
    return Math.max(this.first.width + GAP_EM * Number(this.first.style.fontSize), this.width);
  }

  /** Both copies, `period` apart, moved left by `offset` from the right edge. */
  private place(): void {
    const period = this.period();
    let x = this.width - this.offset;
    while (x > 0) x -= period;
    this.first.x = x;
    this.second.x = x + period;
  }
}

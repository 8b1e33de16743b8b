/**
 * One line of text in a box: centred when it fits, otherwise scrolling right to left like the
 * 走字 of a LED strip. Used by strip layouts, the message banner and strip overrides.
 */
import { Container, Graphics, type TextStyleOptions } from 'pixi.js';
import { makeText, px } from './theme';

/** Pause on the first characters before scrolling, so the start of the line can be read. */
const LEAD_IN_MS = 1500;
/** Gap between the end of the text and its next pass, in font sizes. */
const GAP_EM = 4;
/** Scroll speed in font sizes per second: about two Chinese characters a second. */
const SPEED_EM_PER_S = 2.2;

/** A single line that fits or scrolls; `update(dt)` animates it. */
export class MarqueeLine {
  readonly container = new Container();
  private readonly first;
  private readonly second;
  private readonly mask = new Graphics();
  private scrolling = false;
  private offset = 0;
  private waitMs = LEAD_IN_MS;
  private boxWidth = 0;

  constructor(style: TextStyleOptions = {}) {
    this.first = makeText({ fontWeight: 'bold', ...style });
    this.second = makeText({ fontWeight: 'bold', ...style });
    this.container.addChild(this.first, this.second, this.mask);
    this.container.mask = this.mask;
  }

  /** Put `content` in a box of width × height with the given font size (px). */
  layout(content: string, width: number, height: number, fontSize: number, align: 'left' | 'center' = 'center'): void {
    const line = content.replace(/\s*\n+\s*/g, '　');
    for (const t of [this.first, this.second]) {
      t.style.fontSize = px(fontSize);
      t.style.wordWrap = false;
      t.text = line;
      t.y = Math.round((height - t.height) / 2);
    }
    this.boxWidth = width;
    this.mask.clear().rect(0, 0, width, height).fill(0xffffff);
    this.scrolling = this.first.width > width;
    this.second.visible = this.scrolling;
    this.offset = 0;
    this.waitMs = LEAD_IN_MS;
    this.place(align);
  }

  /** Recolour the line (LED strips flash by swapping colours). */
  setFill(fill: number): void {
    for (const t of [this.first, this.second]) if (t.style.fill !== fill) t.style.fill = fill;
  }

  /** True while the line scrolls and needs a fresh frame every tick. */
  get animating(): boolean {
    return this.scrolling && this.container.visible;
  }

  /** Advance the scroll by `dtMs`. */
  update(dtMs: number): void {
    if (!this.scrolling) return;
    if (this.waitMs > 0) {
      this.waitMs -= dtMs;
      return;
    }
    const size = Number(this.first.style.fontSize);
    const period = this.first.width + GAP_EM * size;
    this.offset = (this.offset + (SPEED_EM_PER_S * size * dtMs) / 1000) % period;
    this.place('left');
  }

  private place(align: 'left' | 'center'): void {
    if (!this.scrolling) {
      this.first.x = align === 'center' ? Math.round((this.boxWidth - this.first.width) / 2) : 0;
      return;
    }
    const size = Number(this.first.style.fontSize);
    this.first.x = Math.round(-this.offset);
    this.second.x = Math.round(this.first.x + this.first.width + GAP_EM * size);
  }
}

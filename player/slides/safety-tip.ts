/**
 * 安全用电: numbered tips, each with a teal number disc. All tips share one type size, the largest
 * at which every tip fits its share of the body.
 */
import { Graphics, type Text } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { FramedSlide, type Box } from './framed-slide';
import { fitText } from './text-fit';
import { COLORS, makeText, px } from './theme';

/** A list of numbered safety tips. */
export class SafetyTipSlide extends FramedSlide<SlideOf<'safetyTip'>> {
  private readonly discs = new Graphics();
  private readonly numbers: Text[] = [];
  private readonly tips: Text[] = [];

  protected buildBody(): void {
    this.body.addChild(this.discs);
    this.slide.tips.forEach((_, i) => {
      const n = makeText({ fill: COLORS.white, fontWeight: 'bold' });
      n.text = String(i + 1);
      this.numbers.push(n);
      this.tips.push(makeText({ fill: COLORS.ink }));
      this.body.addChild(n, this.tips[i]!);
    });
  }

  protected override stripText(): string {
    return `${this.slide.title}：${this.slide.tips.map((t, i) => `${i + 1}. ${t}`).join('　')}`;
  }

  protected layoutBody(box: Box, u: number): void {
    const count = this.tips.length;
    const minGap = u * 0.35;
    const rowH = (box.height - minGap * (count - 1)) / count;
    const disc = Math.min(u * 1.3, rowH * 0.9);
    const textX = box.x + disc + u * 0.6;
    const textBox = { width: box.x + box.width - textX, height: rowH };
    const fitAt = (size: number) =>
      this.tips.map((t, i) => fitText(t, this.slide.tips[i]!, textBox, { maxFontSize: size, minFontSize: u * 0.35 }));
    // One size for all tips: the smallest of each tip's best fit, then every tip laid out at it.
    const size = Math.min(...fitAt(u * 1.1).map((f) => f.fontSize));
    const fits = fitAt(size);
    const heights = fits.map((f) => Math.max(f.height, disc));
    const used = heights.reduce((a, b) => a + b, 0);
    // Spread short lists over the body instead of bunching them at the top.
    const gap = count > 1 ? Math.min(u * 1.2, Math.max(minGap, (box.height - used) / (count + 1))) : 0;
    let y = box.y + Math.max(0, (box.height - used - gap * (count - 1)) * 0.4);
    this.discs.clear();
    fits.forEach((fit, i) => {
      const lineH = fit.height / Math.max(1, fit.lines.length);
      // The disc sits on the first line, so a tip of several lines still reads as one item.
      const discY = y + Math.max(0, (lineH - disc) / 2);
      this.discs.circle(box.x + disc / 2, discY + disc / 2, disc / 2).fill(COLORS.teal);
      const n = this.numbers[i]!;
      n.style.fontSize = px(disc * 0.55);
      n.position.set(Math.round(box.x + (disc - n.width) / 2), Math.round(discY + (disc - n.height) / 2));
      this.tips[i]!.position.set(Math.round(textX), Math.round(y + Math.max(0, (disc - lineH) / 2)));
      y += heights[i]! + gap;
    });
  }
}

/**
 * 通知公告: title in the band, the body on a white card. The level colours the band and the card's
 * edge — teal for information, amber for important, red for urgent — and labels it in words too,
 * because colour alone is not enough for every reader.
 */
import { Graphics } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { FramedSlide, type Box } from './framed-slide';
import { fitText } from './text-fit';
import { COLORS, makeText, px } from './theme';

const LEVEL_COLOR = { info: COLORS.teal, important: COLORS.amber, urgent: COLORS.red } as const;
const LEVEL_LABEL = { info: '', important: '重要通知', urgent: '紧急通知' } as const;

/** A notice slide. */
export class NoticeSlide extends FramedSlide<SlideOf<'notice'>> {
  private readonly card = new Graphics();
  private readonly text = makeText({ fill: COLORS.ink });
  private readonly badge = new Graphics();
  private readonly badgeText = makeText({ fill: COLORS.white, fontWeight: 'bold' });

  protected buildBody(): void {
    this.body.addChild(this.card, this.text, this.badge, this.badgeText);
  }

  protected override headerColor(): number {
    return LEVEL_COLOR[this.slide.level];
  }

  protected override stripText(): string {
    const label = LEVEL_LABEL[this.slide.level];
    const body = this.slide.body.trim();
    return [label && `【${label}】`, this.slide.title, body && `：${body}`].join('');
  }

  protected layoutBody(box: Box, u: number): void {
    const color = LEVEL_COLOR[this.slide.level];
    const label = LEVEL_LABEL[this.slide.level];
    const pad = u;
    this.badge.visible = this.badgeText.visible = label !== '';
    let badgeH = 0;
    if (label) {
      this.badgeText.style.fontSize = px(u * 0.55);
      this.badgeText.text = label;
      badgeH = this.badgeText.height + u * 0.2 + u * 0.5;
    }
    // A notice without body text shows its title large, so the card is never empty.
    const content = this.slide.body.trim() || this.slide.title;
    const inner = { width: box.width - pad * 2, height: box.height - pad * 1.6 - badgeH };
    const fit = fitText(this.text, content, inner, { maxFontSize: u * 1.15, minFontSize: u * 0.4 });
    // The card hugs its text (never less than half the body) and sits a little above the centre.
    const cardH = Math.min(box.height, Math.max(box.height * 0.5, fit.height + badgeH + pad * 1.6));
    const cardY = box.y + (box.height - cardH) * 0.35;
    const edge = Math.max(4, Math.round(u * 0.16));
    this.card.clear().roundRect(box.x, cardY, box.width, cardH, u * 0.25).fill(COLORS.card).stroke({ width: 1, color: COLORS.line });
    this.card.rect(box.x, cardY + u * 0.25, edge, cardH - u * 0.5).fill(color);
    const contentTop = cardY + (cardH - fit.height - badgeH) / 2;
    if (label) {
      const padX = u * 0.35;
      const h = this.badgeText.height + u * 0.2;
      this.badge.clear().roundRect(box.x + pad, contentTop, this.badgeText.width + 2 * padX, h, u * 0.15).fill(color);
      this.badgeText.position.set(Math.round(box.x + pad + padX), Math.round(contentTop + (h - this.badgeText.height) / 2));
    }
    this.text.position.set(Math.round(box.x + pad), Math.round(contentTop + badgeH));
  }
}

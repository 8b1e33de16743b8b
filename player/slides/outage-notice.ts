/**
 * 停电通知: a red band, then region, time span (in the hall's time zone), reason and contact as a
 * labelled list. Values share one type size; the span is written the way a notice board would.
 */
import { Graphics, type Text } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { formatSpan } from './clock-format';
import { FramedSlide, type Box } from './framed-slide';
import { fitText } from './text-fit';
import { COLORS, LINE_HEIGHT, makeText, px } from './theme';

const HEADER = '停电通知';

interface Row {
  label: Text;
  value: Text;
  content: string;
}

/** A planned or unplanned outage notice. */
export class OutageNoticeSlide extends FramedSlide<SlideOf<'outageNotice'>> {
  private readonly card = new Graphics();
  private readonly heading = makeText({ fill: COLORS.redDark, fontWeight: 'bold' });
  private readonly rows: Row[] = [];

  protected buildBody(): void {
    this.body.addChild(this.card, this.heading);
    const s = this.slide;
    const span = formatSpan(Date.parse(s.start), Date.parse(s.end), this.ctx.timeZone, this.ctx.now());
    const entries: [string, string][] = [
      ['停电区域', s.region],
      ['停电时间', span],
      ['停电原因', s.reason],
      ['咨询电话', s.contact],
    ];
    for (const [label, content] of entries) {
      if (!content.trim()) continue;
      const row = { label: makeText({ fill: COLORS.red, fontWeight: 'bold' }), value: makeText({ fill: COLORS.ink }), content };
      row.label.text = `${label}：`;
      this.rows.push(row);
      this.body.addChild(row.label, row.value);
    }
  }

  protected override headerColor(): number {
    return COLORS.red;
  }

  protected override headerText(): string {
    return HEADER;
  }

  protected override stripText(): string {
    return `【${HEADER}】${this.rows.map((r) => `${r.label.text}${r.content}`).join('　')}`;
  }

  protected layoutBody(box: Box, u: number): void {
    const pad = u * 0.9;
    const innerW = box.width - 2 * pad;
    const innerH = box.height - pad * 1.6;
    // The slide's own title heads the card unless it only repeats the band.
    const showHeading = this.slide.title !== HEADER;
    this.heading.visible = showHeading;
    const headingFit = showHeading
      ? fitText(this.heading, this.slide.title, { width: innerW, height: innerH * 0.22 }, { maxFontSize: u * 1.1, minFontSize: u * 0.4, maxLines: 2, lineHeight: 1.25, balance: true })
      : null;
    const headingH = headingFit ? headingFit.height + u * 0.5 : 0;
    const gap = u * 0.35;
    const share = (innerH - headingH - gap * (this.rows.length - 1)) / Math.max(1, this.rows.length);
    const labelWidth = (size: number): number => size * 5.2;
    const fitAll = (size: number) =>
      this.rows.map((r) => fitText(r.value, r.content, { width: innerW - labelWidth(size), height: share }, { maxFontSize: size, minFontSize: u * 0.35 }));
    // One size for every value: the smallest of their best fits.
    const size = Math.min(...fitAll(u * 1.0).map((f) => f.fontSize));
    const fits = fitAll(size);
    const rowsH = fits.reduce((sum, f) => sum + f.height, 0) + gap * (fits.length - 1);
    // The card hugs its content (at least half the body) and sits a little above the centre.
    const cardH = Math.min(box.height, Math.max(box.height * 0.5, headingH + rowsH + pad * 1.6));
    const cardY = box.y + (box.height - cardH) * 0.35;
    this.card.clear().roundRect(box.x, cardY, box.width, cardH, u * 0.25).fill(COLORS.card).stroke({ width: 2, color: 0xf0c4c6 });
    let y = cardY + (cardH - headingH - rowsH) / 2;
    this.heading.position.set(Math.round(box.x + pad), Math.round(y));
    y += headingH;
    this.rows.forEach((row, i) => {
      row.label.style.fontSize = px(size);
      row.label.style.lineHeight = Math.round(size * LINE_HEIGHT);
      row.label.position.set(Math.round(box.x + pad), Math.round(y));
      row.value.position.set(Math.round(box.x + pad + labelWidth(size)), Math.round(y));
      y += fits[i]!.height + gap;
    });
  }
}

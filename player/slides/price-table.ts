/**
 * 居民阶梯电价: a table of tiers (档次 / 用电量 / 电价), the 峰谷分时 periods as a second table under
 * it when the slide has them, and a note. All rows share one type size and one set of columns so the
 * tables read as tables; a cell that is too long shrinks on its own rather than spill.
 */
import { Graphics, type Text } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { FramedSlide, type Box } from './framed-slide';
import { fitText, measureLine } from './text-fit';
import { COLORS, makeText } from './theme';
import { priceLine, priceSections } from './price-rows';

/** No column narrower than this share of the table, however short its texts. */
const MIN_COLUMN_SHARE = 0.2;

/** A tiered electricity price table. */
export class PriceTableSlide extends FramedSlide<SlideOf<'priceTable'>> {
  private readonly grid = new Graphics();
  /** Every row of every table (heading rows included), for sizing. */
  private readonly cells: Text[][] = [];
  /** Per table: its rows (heading first) and heading colour. */
  private readonly sections: { rows: Text[][]; color: number }[] = [];
  private readonly note = makeText({ fill: COLORS.inkMuted });

  protected buildBody(): void {
    this.body.addChild(this.grid);
    for (const section of priceSections(this.slide)) {
      const color = section.kind === 'periods' ? COLORS.amber : COLORS.teal;
      const rows = [section.heading, ...section.rows].map((row, r) =>
        row.map((value, c) => {
          const heading = r === 0;
          const price = !heading && c === 2;
          const text = makeText({ fill: heading ? COLORS.white : price ? color : COLORS.ink, fontWeight: heading || price ? 'bold' : 'normal', align: 'center' });
          text.label = value;
          this.body.addChild(text);
          return text;
        }),
      );
      this.sections.push({ rows, color });
      this.cells.push(...rows);
    }
    this.body.addChild(this.note);
  }

  protected override stripText(): string {
    return priceLine(this.slide);
  }

  /** Column widths in px, proportional to each column's longest text, so long ranges get the room. */
  private columnWidths(total: number): number[] {
    const natural = [0, 1, 2].map((c) => Math.max(...this.cells.map((row) => measureLine(row[c]!, row[c]!.label, 100))) + 100);
    const sum = natural.reduce((a, b) => a + b, 0);
    const shares = natural.map((n) => Math.max(MIN_COLUMN_SHARE, n / sum));
    const shareSum = shares.reduce((a, b) => a + b, 0);
    return shares.map((s) => (s / shareSum) * total);
  }

  protected layoutBody(box: Box, u: number): void {
    const noteText = this.slide.note.trim();
    const noteH = noteText ? Math.min(box.height * 0.24, u * 2.4) : 0;
    const gap = u * 0.6;
    const gaps = gap * (this.sections.length - 1);
    const tableH = box.height - (noteText ? noteH + u * 0.5 : 0) - gaps;
    const rowH = Math.min(u * 2.2, tableH / this.cells.length);
    const widths = this.columnWidths(box.width);
    const cellBox = (c: number) => ({ width: widths[c]! - u * 0.6, height: rowH * 0.9 });
    // One type size for the whole table: the largest at which every cell fits on one line; only
    // when that gets too small may cells wrap onto two lines.
    const single = (size: number) =>
      Math.min(...this.cells.flatMap((row) => row.map((t, c) => fitText(t, t.label, cellBox(c), { maxFontSize: size, minFontSize: u * 0.3, maxLines: 1, lineHeight: 1.2 }).fontSize)));
    const oneLine = single(Math.min(rowH * 0.46, u * 1.0));
    const fontSize = oneLine >= u * 0.5 ? oneLine : Math.min(rowH * 0.3, u * 0.6);
    const maxLines = oneLine >= u * 0.5 ? 1 : 2;

    const noteFit = noteText ? fitText(this.note, `注：${noteText}`, { width: box.width, height: noteH }, { maxFontSize: u * 0.7, minFontSize: u * 0.3 }) : null;
    const blockH = rowH * this.cells.length + gaps + (noteFit ? u * 0.5 + noteFit.height : 0);
    const top = box.y + Math.max(0, (box.height - blockH) * 0.35);
    this.grid.clear();
    let y = top;
    for (const section of this.sections) {
      this.grid.roundRect(box.x, y, box.width, rowH * section.rows.length, u * 0.2).fill(COLORS.card).stroke({ width: 1, color: COLORS.line });
      this.grid.rect(box.x, y, box.width, rowH).fill(section.color);
      section.rows.forEach((row, r) => {
        const rowY = y + r * rowH;
        if (r > 0 && r % 2 === 0) this.grid.rect(box.x + 1, rowY, box.width - 2, rowH).fill(COLORS.tealLight);
        if (r > 0) this.grid.rect(box.x, rowY, box.width, 1).fill(COLORS.line);
        let x = box.x;
        row.forEach((text, c) => {
          const w = widths[c]!;
          const fit = fitText(text, text.label, cellBox(c), { maxFontSize: fontSize, minFontSize: u * 0.3, maxLines, lineHeight: 1.2, balance: true });
          text.position.set(Math.round(x + (w - fit.width) / 2), Math.round(rowY + (rowH - fit.height) / 2));
          x += w;
        });
      });
      y += rowH * section.rows.length + gap;
    }
    this.note.visible = noteFit !== null;
    this.note.position.set(box.x, Math.round(y - gap + u * 0.5));
  }
}

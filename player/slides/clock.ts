/**
 * 时钟日期: time, date and weekday in the hall's time zone (a device's own zone is often wrong), as a
 * slide or as a layout's clock zone. A tall box stacks the large time over the date; a flat one (a
 * kiosk's header, a LED strip) puts everything on one line. The text is checked four times a second
 * but only redrawn when it changes, so a clock costs one frame a minute (a second with seconds).
 */
import { Container, Graphics } from 'pixi.js';
import { clockText } from './clock-format';
import type { SlideContext, SlideView } from './slide-view';
import { fitText } from './text-fit';
import { COLORS, makeText } from './theme';

const CHECK_MS = 250;
/** Wider than this (w/h), or lower than this many px, and the clock is one line. */
const ONE_LINE_ASPECT = 3.2;
const ONE_LINE_HEIGHT = 110;

/** What a clock shows. */
export interface ClockOptions {
  showDate: boolean;
  showSeconds: boolean;
}

/** A live clock filling its box. */
export class ClockSlide implements SlideView {
  readonly container = new Container();
  private readonly backdrop = new Graphics();
  private readonly time = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly date = makeText({ fill: 0xd6ede8 });
  private size = { width: 0, height: 0 };
  private shown = '';
  private sinceCheck = 0;

  constructor(
    private readonly options: ClockOptions,
    private readonly ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    this.container.addChild(this.backdrop, this.time, this.date);
  }

  show(): void {
    this.refresh(true);
  }

  hide(): void {}

  update(dtMs: number): void {
    this.sinceCheck += dtMs;
    if (this.sinceCheck < CHECK_MS) return;
    this.sinceCheck = 0;
    this.refresh(false);
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.backdrop.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
    this.backdrop.rect(0, height - Math.max(2, height * 0.03), width, Math.max(2, height * 0.03)).fill(COLORS.gold);
    this.refresh(true);
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }

  private refresh(force: boolean): void {
    const { width, height } = this.size;
    if (width < 2 || height < 2) return;
    const [time, date] = clockText(this.ctx.now(), this.ctx.timeZone, this.options.showSeconds);
    const key = `${time}|${date}`;
    if (!force && key === this.shown) return;
    this.shown = key;
    this.ctx.requestRender();
    const pad = Math.round(Math.min(width, height) * 0.08);
    const innerW = width - 2 * pad;
    const innerH = height - 2 * pad;
    this.date.visible = this.options.showDate;
    if (width / height > ONE_LINE_ASPECT || height < ONE_LINE_HEIGHT) {
      // One line: date left of the time, one size, centred.
      const line = this.options.showDate ? `${date}　${time}` : time;
      const fit = fitText(this.time, line, { width: innerW, height: innerH }, { maxFontSize: innerH * 0.8, minFontSize: 6, maxLines: 1, lineHeight: 1.1 });
      this.time.position.set(Math.round((width - fit.width) / 2), Math.round((height - fit.height) / 2));
      this.date.visible = false;
      return;
    }
    const timeH = this.options.showDate ? innerH * 0.62 : innerH;
    const t = fitText(this.time, time, { width: innerW, height: timeH }, { maxFontSize: timeH * 0.9, minFontSize: 8, maxLines: 1, lineHeight: 1.05 });
    const d = this.options.showDate
      ? fitText(this.date, date, { width: innerW, height: innerH - timeH }, { maxFontSize: (innerH - timeH) * 0.7, minFontSize: 6, maxLines: 1, lineHeight: 1.1 })
      : { width: 0, height: 0 };
    const top = pad + (innerH - t.height - d.height) / 2;
    this.time.position.set(Math.round((width - t.width) / 2), Math.round(top));
    this.date.position.set(Math.round((width - d.width) / 2), Math.round(top + t.height));
  }
}

/**
 * 欢迎词 (and the built-in idle slide): the hall's name large on deep teal, the slogan, and a live
 * clock with the Chinese date. The clock text is checked once a second and only re-rendered when the
 * minute changes, so an idle screen costs almost nothing for weeks.
 */
import { Container, Graphics } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { formatLongDate, formatTime } from './clock-format';
import { MarqueeLine } from './marquee-line';
import type { SlideContext, SlideView } from './slide-view';
import { fitText } from './text-fit';
import { COLORS, isStrip, makeText, px, unitFor } from './theme';

const CLOCK_CHECK_MS = 1000;

/** A welcome slide with a live clock. */
export class WelcomeSlide implements SlideView {
  readonly container = new Container();
  private readonly backdrop = new Graphics();
  private readonly name = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private readonly rule = new Graphics();
  private readonly slogan = makeText({ fill: 0xd6ede8, align: 'center' });
  private readonly time = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly date = makeText({ fill: 0xd6ede8 });
  private readonly strip = new MarqueeLine({ fill: COLORS.white });
  private stripMode = false;
  private ownClock = true;
  private sinceCheck = 0;
  private size = { width: 0, height: 0 };

  constructor(
    private readonly slide: SlideOf<'welcome'>,
    private readonly ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    this.container.addChild(this.backdrop, this.name, this.rule, this.slogan, this.time, this.date, this.strip.container);
  }

  show(): void {
    this.refreshClock();
  }

  hide(): void {}

  update(dtMs: number): void {
    if (this.stripMode) this.strip.update(dtMs);
    this.sinceCheck += dtMs;
    if (this.sinceCheck >= CLOCK_CHECK_MS) {
      this.sinceCheck = 0;
      this.refreshClock();
    }
  }

  animating(): boolean {
    return this.stripMode && this.strip.animating;
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.stripMode = isStrip(height);
    for (const part of [this.name, this.rule, this.slogan, this.time, this.date]) part.visible = !this.stripMode;
    // A clock zone beside this slide already shows date and time: one clock per screen.
    this.ownClock = !this.stripMode && !this.ctx.clockElsewhere?.();
    this.time.visible = this.date.visible = this.ownClock;
    this.strip.container.visible = this.stripMode;
    this.backdrop.clear().rect(0, 0, width, height).fill(COLORS.teal);
    const title = this.slide.hallName || this.slide.title;
    if (this.stripMode) {
      const pad = Math.round(height * 0.08);
      this.backdrop.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
      this.strip.container.position.set(pad, 0);
      this.strip.layout(title, width - 2 * pad, height, height * 0.62);
      return;
    }
    const u = unitFor(width, height);
    // Quiet depth: a darker lower band and a gold hairline, no pictures that could date the screen.
    this.backdrop.rect(0, height * 0.68, width, height * 0.32).fill(COLORS.tealDark);
    this.backdrop.rect(0, height * 0.68, width, Math.max(2, u * 0.08)).fill(COLORS.gold);

    const nameFit = fitText(this.name, title, { width: width * 0.86, height: height * 0.3 }, { maxFontSize: u * 3.2, minFontSize: u * 0.8, maxLines: 2, lineHeight: 1.25, balance: true });
    const sloganText = this.slide.slogan || (this.slide.hallName ? this.slide.title : '');
    const sloganFit = fitText(this.slogan, sloganText, { width: width * 0.8, height: height * 0.12 }, { maxFontSize: u * 1.2, minFontSize: u * 0.5, maxLines: 2, balance: true });
    const gap = u * 0.8;
    const blockH = nameFit.height + (sloganText ? gap * 2 + sloganFit.height : 0);
    const top = Math.max(u, (height * 0.68 - blockH) / 2);
    this.name.position.set(Math.round((width - this.name.width) / 2), Math.round(top));
    const ruleY = top + nameFit.height + gap;
    this.rule.clear();
    if (sloganText) this.rule.rect(width / 2 - u * 2, ruleY, u * 4, Math.max(2, u * 0.08)).fill(COLORS.gold);
    this.slogan.visible = sloganText !== '';
    this.slogan.position.set(Math.round((width - this.slogan.width) / 2), Math.round(ruleY + gap));

    this.time.style.fontSize = px(u * 2.6);
    this.date.style.fontSize = px(u * 0.9);
    this.refreshClock(true);
  }

  private refreshClock(force = false): void {
    if (this.stripMode || !this.ownClock) return;
    const now = this.ctx.now();
    const time = formatTime(now, this.ctx.timeZone);
    const date = formatLongDate(now, this.ctx.timeZone);
    if (!force && time === this.time.text && date === this.date.text) return;
    this.time.text = time;
    this.date.text = date;
    this.ctx.requestRender();
    const { width, height } = this.size;
    const u = unitFor(width, height);
    const bandTop = height * 0.68;
    const bandH = height - bandTop;
    const portrait = height > width;
    if (portrait) {
      // Stacked: time above date, centred in the lower band.
      const total = this.time.height + this.date.height;
      this.time.position.set(Math.round((width - this.time.width) / 2), Math.round(bandTop + (bandH - total) / 2));
      this.date.position.set(Math.round((width - this.date.width) / 2), Math.round(this.time.y + this.time.height));
    } else {
      // Side by side: date to the left of the large time, both centred as one line.
      const total = this.date.width + u + this.time.width;
      const x = (width - total) / 2;
      this.date.position.set(Math.round(x), Math.round(bandTop + (bandH - this.date.height) / 2));
      this.time.position.set(Math.round(x + this.date.width + u), Math.round(bandTop + (bandH - this.time.height) / 2));
    }
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}

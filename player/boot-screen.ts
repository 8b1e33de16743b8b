/**
 * What a screen shows before it has anything to play (first start, no stored manifest, server not
 * reached yet): the house colours and a calm line of text, never a black screen.
 */
import { Container, Graphics } from 'pixi.js';
import { fitText } from './slides/text-fit';
import { COLORS, isStrip, makeText, unitFor } from './slides/theme';

/** The waiting screen; destroyed once the first slide shows. */
export class BootScreen {
  readonly container = new Container();
  private readonly bg = new Graphics();
  private readonly title = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private readonly detail = makeText({ fill: 0xd6ede8, align: 'center' });
  private elapsed = 0;
  private dots = 0;
  private size = { width: 1, height: 1 };

  constructor(private readonly screenId: string) {
    this.container.addChild(this.bg, this.title, this.detail);
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.draw();
  }

  /** Animate the trailing dots, so a person can see the screen is alive; true when they changed. */
  update(dtMs: number): boolean {
    if (this.container.destroyed) return false;
    this.elapsed += dtMs;
    if (this.elapsed < 700) return false;
    this.elapsed = 0;
    this.dots = (this.dots + 1) % 4;
    this.draw();
    return true;
  }

  destroy(): void {
    if (!this.container.destroyed) this.container.destroy({ children: true });
  }

  private draw(): void {
    if (this.container.destroyed) return;
    const { width, height } = this.size;
    const u = unitFor(width, height);
    this.bg.clear().rect(0, 0, width, height).fill(COLORS.teal);
    const text = '正在连接信息发布服务器...';
    const strip = isStrip(height);
    const box = { width: width * 0.86, height: strip ? height * 0.8 : height * 0.2 };
    const fit = fitText(this.title, text, box, { maxFontSize: strip ? height * 0.6 : u * 1.4, minFontSize: 8, maxLines: strip ? 1 : 2, lineHeight: 1.2 });
    this.detail.visible = !strip;
    // Laid out with all three dots, then trimmed: the line stays put while the dots animate.
    this.title.text = this.title.text.replace(/\.{3}$/, '.'.repeat(this.dots));
    if (strip) {
      this.title.position.set(Math.round((width - fit.width) / 2), Math.round((height - fit.height) / 2));
      return;
    }
    const d = fitText(this.detail, `屏幕编号 ${this.screenId}`, { width: width * 0.8, height: u * 1.2 }, { maxFontSize: u * 0.6, minFontSize: 8, maxLines: 1 });
    const top = (height - fit.height - u - d.height) / 2;
    this.title.position.set(Math.round((width - fit.width) / 2), Math.round(top));
    this.detail.position.set(Math.round((width - d.width) / 2), Math.round(top + fit.height + u));
  }
}

/**
 * A counter's own display (callDisplay `strip`): the whole screen says what its counter does —
 * `A023 请到 3 号窗口` while serving, the idle or paused text otherwise. A new call flashes for
 * FLASH_MS (colours swap in two steps, like a LED strip) and then stays steady. On a real strip
 * (< 200 px high) it is one line that scrolls if it must; on a larger counter screen the counter
 * name sits above the line.
 */
import { Container, Graphics } from 'pixi.js';
import { MarqueeLine } from '../slides/marquee-line';
import { fitText, measureLine } from '../slides/text-fit';
import { COLORS, isStrip, makeText, unitFor } from '../slides/theme';
import type { StripLine } from './strip-line';

/** A new call flashes this long, then the line stays steady. */
export const FLASH_MS = 3000;
const FLASH_STEP_MS = 300;

const SCHEME: Record<StripLine['kind'] | 'flash', { bg: number; fg: number }> = {
  serving: { bg: COLORS.tealDark, fg: COLORS.yellow },
  idle: { bg: COLORS.tealDark, fg: COLORS.white },
  paused: { bg: COLORS.redDark, fg: COLORS.white },
  flash: { bg: COLORS.yellow, fg: COLORS.red },
};

/** The strip's status view. */
export class CounterStrip {
  readonly container = new Container();
  private readonly bg = new Graphics();
  private readonly line: MarqueeLine;
  private readonly name = makeText({ fill: 0xd6ede8, fontWeight: 'bold' });
  private readonly probe = makeText({ fontWeight: 'bold' });
  private current: StripLine = { kind: 'idle', text: '' };
  private counters: readonly string[] = [];
  private size = { width: 0, height: 0 };
  private flashLeft = 0;
  private flashOn = false;
  private flashPhase = 0;

  constructor() {
    this.line = new MarqueeLine({ fill: COLORS.white });
    this.container.addChild(this.bg, this.name, this.line.container);
  }

  /** Show `line`; `flash` when a call for this counter just arrived. */
  set(line: StripLine, counters: readonly string[], flash: boolean): void {
    const same = line.text === this.current.text && line.kind === this.current.kind && counters.join() === this.counters.join();
    this.current = line;
    this.counters = counters;
    if (flash) {
      this.flashLeft = FLASH_MS;
      this.flashPhase = 0;
      this.flashOn = true;
    }
    if (!same || flash) this.layout();
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.layout();
  }

  /** Flash steps and scrolling; true when the frame changed. */
  update(dtMs: number): boolean {
    let changed = false;
    if (this.flashLeft > 0) {
      this.flashLeft -= dtMs;
      this.flashPhase += dtMs;
      const on = this.flashLeft > 0 && Math.floor(this.flashPhase / FLASH_STEP_MS) % 2 === 0;
      if (on !== this.flashOn) {
        this.flashOn = on;
        this.paint();
        changed = true;
      }
    }
    if (this.line.animating) {
      this.line.update(dtMs);
      changed = true;
    }
    return changed;
  }

  /** True during the FLASH_MS after a call. */
  get flashing(): boolean {
    return this.flashLeft > 0;
  }

  get animating(): boolean {
    return this.flashLeft > 0 || this.line.animating;
  }

  destroy(): void {
    this.probe.destroy();
    this.container.destroy({ children: true });
  }

  private scheme(): { bg: number; fg: number } {
    return this.flashOn && this.flashLeft > 0 ? SCHEME.flash : SCHEME[this.current.kind];
  }

  private layout(): void {
    const { width, height } = this.size;
    if (width < 2 || height < 2) return;
    const strip = isStrip(height);
    const u = unitFor(width, height);
    this.name.visible = !strip && this.counters.length > 0;
    let top = 0;
    let boxH = height;
    if (this.name.visible) {
      const fit = fitText(this.name, `${this.counters.join('、')} 号窗口`, { width: width - 2 * u, height: height * 0.2 }, { maxFontSize: u * 1.4, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
      this.name.position.set(Math.round((width - fit.width) / 2), Math.round(height * 0.08));
      top = height * 0.08 + fit.height;
      boxH = height - top - height * 0.08;
    }
    const pad = strip ? Math.round(height * 0.1) : Math.round(u);
    const boxW = width - 2 * pad;
    // The largest size that fits on one line, but never smaller than readable: then it scrolls.
    const maxSize = strip ? height * 0.66 : Math.min(boxH * 0.6, u * 5);
    const minSize = strip ? height * 0.42 : u;
    const atMax = measureLine(this.probe, this.current.text, maxSize);
    const size = Math.max(minSize, Math.min(maxSize, (maxSize * boxW) / Math.max(1, atMax)));
    this.line.container.position.set(pad, Math.round(top));
    this.line.layout(this.current.text, boxW, boxH, Math.floor(size));
    this.paint();
  }

  private paint(): void {
    const { width, height } = this.size;
    const { bg, fg } = this.scheme();
    this.bg.clear().rect(0, 0, width, height).fill(bg);
    this.line.setFill(fg);
  }
}

/**
 * Live overrides from the manifest. A 全屏接管 emergency takes the whole screen in red, above
 * everything, calls included (the player also holds the voice); a 横幅 emergency runs as a red band
 * along the bottom and a message as an amber one: content and calls go on, the content zone gives it room.
 * Each override disappears by itself at `expiresAt` (server clock) through one timer — also offline.
 */
import { Container, Graphics } from 'pixi.js';
import type { Override } from '../../content/model';
import type { TargetableScreen } from '../../content/targeting';
import { MAX_TIMER_MS } from '../scheduler';
import { MarqueeLine } from '../slides/marquee-line';
import { fitText } from '../slides/text-fit';
import { COLORS, isStrip, makeText, unitFor } from '../slides/theme';
import { activeOverrides } from './active-overrides';

/** The emergency frame blinks at this half-period: slow enough to be calm, never a strobe. */
const BLINK_MS = 800;

/** What the overlay reports to the player. */
export interface OverrideOverlayOptions {
  now(): number;
  /**
   * The overrides on screen changed (the DOM mirror and the content zone follow). `emergency` is the
   * fullscreen takeover only; `message` is whatever runs as the band (a 横幅 emergency or a message).
   */
  onChange(shown: { emergency: Override | null; message: Override | null }): void;
  /** An override appeared on this screen for the first time (acknowledged to the server). */
  onFirstShown(override: Override): void;
}

/** Emergency takeover and message band. */
export class OverrideOverlay {
  /** Sits above the content, below calls. */
  readonly messageLayer = new Container();
  /** Sits above everything. */
  readonly emergencyLayer = new Container();
  private readonly messageBg = new Graphics();
  private readonly messageLabel = makeText({ fill: COLORS.ink, fontWeight: 'bold' });
  private readonly messageLine = new MarqueeLine({ fill: COLORS.white });
  private readonly emergencyBg = new Graphics();
  private readonly emergencyFrame = new Graphics();
  private readonly emergencySign = new Graphics();
  private readonly emergencyLabel = makeText({ fill: COLORS.yellow, fontWeight: 'bold' });
  private readonly emergencyTitle = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private readonly emergencyBody = makeText({ fill: COLORS.white, align: 'center' });
  private readonly emergencyLine = new MarqueeLine({ fill: COLORS.white });
  private overrides: readonly Override[] = [];
  private screen: TargetableScreen | null = null;
  private emergency: Override | null = null;
  private message: Override | null = null;
  private readonly acked = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private size = { width: 1, height: 1 };
  private blink = 0;

  constructor(private readonly options: OverrideOverlayOptions) {
    this.messageLayer.addChild(this.messageBg, this.messageLabel, this.messageLine.container);
    this.emergencyLayer.addChild(this.emergencyBg, this.emergencyFrame, this.emergencySign, this.emergencyLabel, this.emergencyTitle, this.emergencyBody, this.emergencyLine.container);
    this.messageLayer.visible = this.emergencyLayer.visible = false;
  }

  /** Take the overrides of a new manifest. */
  setOverrides(overrides: readonly Override[], screen: TargetableScreen): void {
    this.overrides = overrides;
    this.screen = screen;
    this.evaluate();
  }

  /** Height the message band takes from the bottom of the content zone (0 on strips: it covers them). */
  messageBandHeight(): number {
    const { width, height } = this.size;
    return this.message && !isStrip(height) ? Math.round(unitFor(width, height) * 2.4) : 0;
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.draw();
  }

  /**
   * Scroll the bands and blink the emergency frame; true when the frame changed. The blink has two
   * states rather than a smooth pulse, so a still emergency costs two frames a second, not sixty.
   */
  update(dtMs: number): boolean {
    let changed = false;
    if (this.message && this.messageLine.animating) {
      this.messageLine.update(dtMs);
      changed = true;
    }
    if (!this.emergency) return changed;
    if (this.emergencyLine.animating) {
      this.emergencyLine.update(dtMs);
      changed = true;
    }
    this.blink += dtMs;
    if (this.blink >= BLINK_MS) {
      this.blink %= BLINK_MS;
      this.emergencyFrame.alpha = this.emergencyFrame.alpha === 1 ? 0.35 : 1;
      changed = true;
    }
    return changed;
  }

  private evaluate(): void {
    clearTimeout(this.timer);
    if (!this.screen) return;
    const now = this.options.now();
    const active = activeOverrides(this.overrides, this.screen, now);
    if (active.nextExpiryMs !== null) {
      this.timer = setTimeout(() => this.evaluate(), Math.min(MAX_TIMER_MS, Math.max(0, active.nextExpiryMs - now)));
    }
    const changed = active.takeover !== this.emergency || active.band !== this.message;
    const sameContent = JSON.stringify([active.takeover, active.band]) === JSON.stringify([this.emergency, this.message]);
    this.emergency = active.takeover;
    this.message = active.band;
    if (!changed || sameContent) return;
    this.draw();
    for (const o of [active.takeover, active.band]) {
      if (o && !this.acked.has(o.id)) {
        this.acked.add(o.id);
        this.options.onFirstShown(o);
      }
    }
    this.options.onChange({ emergency: this.emergency, message: this.message });
  }

  private draw(): void {
    this.drawMessage();
    this.drawEmergency();
  }

  private drawMessage(): void {
    const o = this.message;
    this.messageLayer.visible = o !== null;
    if (!o) return;
    const { width, height } = this.size;
    const urgent = o.kind === 'emergency';
    const fill = urgent ? COLORS.red : COLORS.amber;
    const text = o.body.trim() ? `${o.title}：${o.body.trim()}` : o.title;
    if (isStrip(height)) {
      this.messageBg.clear().rect(0, 0, width, height).fill(fill);
      this.messageLabel.visible = false;
      this.messageLine.container.position.set(Math.round(height * 0.08), 0);
      this.messageLine.layout(urgent ? `【紧急通知】${text}` : text, width - height * 0.16, height, height * 0.62);
      return;
    }
    const u = unitFor(width, height);
    const bandH = this.messageBandHeight();
    const top = height - bandH;
    this.messageBg.clear().rect(0, top, width, bandH).fill(fill);
    this.messageBg.rect(0, top, width, Math.max(3, u * 0.1)).fill(COLORS.gold);
    this.messageLabel.visible = true;
    const label = fitText(this.messageLabel, urgent ? '紧急通知' : '通知', { width: u * 3, height: bandH * 0.6 }, { maxFontSize: u * 0.9, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    const labelW = label.width + u;
    this.messageBg.roundRect(u * 0.6, top + bandH * 0.18, labelW, bandH * 0.64, u * 0.15).fill(COLORS.yellow);
    this.messageLabel.position.set(Math.round(u * 0.6 + (labelW - label.width) / 2), Math.round(top + (bandH - label.height) / 2));
    const left = u * 1.2 + labelW;
    this.messageLine.container.position.set(Math.round(left), Math.round(top));
    this.messageLine.layout(text, width - left - u * 0.6, bandH, u * 1.1, 'left');
  }

  private drawEmergency(): void {
    const o = this.emergency;
    this.emergencyLayer.visible = o !== null;
    if (!o) return;
    const { width, height } = this.size;
    this.emergencyBg.clear().rect(0, 0, width, height).fill(COLORS.red);
    const strip = isStrip(height);
    for (const part of [this.emergencyLabel, this.emergencyTitle, this.emergencyBody]) part.visible = !strip;
    this.emergencyLine.container.visible = strip;
    if (strip) {
      this.emergencyFrame.clear();
      this.emergencySign.clear();
      this.emergencyLine.container.position.set(Math.round(height * 0.08), 0);
      this.emergencyLine.layout(`【紧急通知】${o.title}${o.body.trim() ? `：${o.body.trim()}` : ''}`, width - height * 0.16, height, height * 0.62);
      return;
    }
    const u = unitFor(width, height);
    const edge = Math.max(6, u * 0.3);
    this.emergencyFrame.clear().rect(edge, edge, width - 2 * edge, height - 2 * edge).stroke({ width: edge, color: COLORS.yellow });
    const inner = width - 4 * u;
    const label = fitText(this.emergencyLabel, '紧急通知', { width: width * 0.6, height: u * 2 }, { maxFontSize: u * 1.4, minFontSize: 10, maxLines: 1, lineHeight: 1.1 });
    const sign = label.height * 0.9;
    const title = fitText(this.emergencyTitle, o.title, { width: inner, height: height * 0.3 }, { maxFontSize: u * 2.6, minFontSize: 12, maxLines: 3, lineHeight: 1.2, balance: true });
    const hasBody = o.body.trim() !== '';
    const bodyRoom = height - 4 * u - sign - title.height - 2.2 * u;
    const body = fitText(this.emergencyBody, o.body, { width: inner, height: bodyRoom }, { maxFontSize: u * 1.4, minFontSize: 10, balance: true });
    this.emergencyBody.visible = hasBody;
    // Sign, title and body as one block, centred a little above the middle of the screen.
    const blockH = sign + u * 1.2 + title.height + (hasBody ? u + body.height : 0);
    let y = Math.max(u * 1.5, (height - blockH) * 0.4);
    // A drawn warning sign: the ⚠ glyph is missing from many CJK fonts. It does not blink.
    const groupW = sign + u * 0.4 + label.width;
    const gx = (width - groupW) / 2;
    this.emergencySign.clear().poly([gx + sign / 2, y, gx + sign, y + sign, gx, y + sign]).fill(COLORS.yellow);
    this.emergencySign.rect(gx + sign / 2 - sign * 0.05, y + sign * 0.3, sign * 0.1, sign * 0.38).fill(COLORS.red);
    this.emergencySign.circle(gx + sign / 2, y + sign * 0.82, sign * 0.06).fill(COLORS.red);
    this.emergencyLabel.position.set(Math.round(gx + sign + u * 0.4), Math.round(y + (sign - label.height) / 2));
    y += sign + u * 1.2;
    this.emergencyTitle.position.set(Math.round((width - title.width) / 2), Math.round(y));
    y += title.height + u;
    this.emergencyBody.position.set(Math.round((width - body.width) / 2), Math.round(y));
  }
}

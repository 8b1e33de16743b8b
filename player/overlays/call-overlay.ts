/**
 * Queue calls over the content, in the screen's call display mode:
 * `full` — a large centred card with the ticket and the counter (waiting areas), recent calls below;
 * `banner` — a lower-third band (guide areas); `strip` — the whole screen or strip carries the call
 * (LED strips, counter displays). `none` shows nothing. The CallQueue decides when; this draws.
 */
import { Container, Graphics } from 'pixi.js';
import type { CallDisplay, QueueCall } from '../../content/model';
import { fitText } from '../slides/text-fit';
import { COLORS, isStrip, makeText, unitFor } from '../slides/theme';
import { CallQueue } from './call-queue';

const FADE_MS = 200;
const HISTORY = 4;

/** What the overlay tells the player about calls it shows. */
export interface CallOverlayOptions {
  now(): number;
  onShown(call: QueueCall): void;
  onCleared(): void;
}

/** The call layer: queue plus drawing. */
export class CallOverlay {
  readonly container = new Container();
  private readonly queue: CallQueue;
  private readonly shade = new Graphics();
  private readonly panel = new Graphics();
  private readonly heading = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly ticket = makeText({ fill: COLORS.red, fontWeight: 'bold', align: 'center' });
  private readonly counter = makeText({ fill: COLORS.teal, fontWeight: 'bold', align: 'center' });
  private readonly history = makeText({ fill: COLORS.inkMuted, align: 'center' });
  private readonly line = makeText({ fill: COLORS.white, fontWeight: 'bold', align: 'center' });
  private readonly recent: QueueCall[] = [];
  private mode: CallDisplay = 'full';
  private counters: string[] = [];
  private size = { width: 1, height: 1 };
  private fade = 0;

  constructor(private readonly options: CallOverlayOptions) {
    this.container.addChild(this.shade, this.panel, this.heading, this.ticket, this.counter, this.history, this.line);
    this.container.visible = false;
    this.queue = new CallQueue({ now: options.now, onShow: (c) => this.showCall(c), onClear: () => this.clearCall() });
  }

  /** Adopt the screen's call display mode and the counters it serves. */
  setScreen(mode: CallDisplay, counters: readonly string[]): void {
    this.counters = [...counters];
    if (mode === this.mode) return;
    this.mode = mode;
    if (mode === 'none') this.queue.clear();
    else this.layout();
  }

  /** A call from the server. */
  push(call: QueueCall): void {
    if (this.mode === 'none') return;
    // A counter display in strip mode shows its own counters' calls only.
    if (this.mode === 'strip' && this.counters.length > 0 && !this.counters.includes(call.counter)) return;
    const result = this.queue.push(call);
    if (result === 'expired' || result === 'duplicate') console.info(`[call] ${call.id} ${result}, not shown`);
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.layout();
  }

  /** Advance the fade-in; true when the frame changed and must be drawn. */
  update(dtMs: number): boolean {
    if (!this.container.visible || this.fade >= 1) return false;
    this.fade = Math.min(1, this.fade + dtMs / FADE_MS);
    this.container.alpha = this.fade;
    return true;
  }

  private showCall(call: QueueCall): void {
    this.container.visible = true;
    this.fade = 0;
    this.container.alpha = 0;
    this.layout();
    this.options.onShown(call);
  }

  private clearCall(): void {
    this.container.visible = false;
    this.options.onCleared();
  }

  private layout(): void {
    const call = this.queue.showing;
    if (!call) return;
    const { width, height } = this.size;
    const wholeArea = this.mode === 'strip' || isStrip(height);
    for (const part of [this.heading, this.ticket, this.counter, this.history]) part.visible = this.mode === 'full' && !wholeArea;
    this.line.visible = !(this.mode === 'full' && !wholeArea);
    this.shade.clear();
    this.panel.clear();
    if (wholeArea) this.layoutWhole(call, width, height);
    else if (this.mode === 'banner') this.layoutBanner(call, width, height);
    else this.layoutCard(call, width, height);
    this.remember(call);
  }

  private layoutWhole(call: QueueCall, width: number, height: number): void {
    this.panel.rect(0, 0, width, height).fill(COLORS.tealDark);
    this.line.style.fill = COLORS.yellow;
    const pad = Math.max(2, Math.min(width, height) * 0.06);
    const fit = fitText(this.line, call.text, { width: width - 2 * pad, height: height - 2 * pad }, { maxFontSize: height, minFontSize: 8, lineHeight: 1.15, balance: true });
    this.line.position.set(Math.round((width - fit.width) / 2), Math.round((height - fit.height) / 2));
  }

  private layoutBanner(call: QueueCall, width: number, height: number): void {
    const u = unitFor(width, height);
    const bandH = Math.round(Math.max(height * 0.22, u * 3.2));
    const top = height - bandH;
    this.panel.rect(0, top, width, bandH).fill({ color: COLORS.tealDark, alpha: 0.97 });
    this.panel.rect(0, top, width, Math.max(3, u * 0.12)).fill(COLORS.gold);
    this.line.style.fill = COLORS.white;
    const box = { width: width - 2 * u, height: bandH - u };
    const fit = fitText(this.line, call.text, box, { maxFontSize: u * 2.2, minFontSize: u * 0.5, maxLines: 2, lineHeight: 1.2, balance: true });
    this.line.position.set(Math.round((width - fit.width) / 2), Math.round(top + (bandH - fit.height) / 2));
  }

  private layoutCard(call: QueueCall, width: number, height: number): void {
    const u = unitFor(width, height);
    const portrait = height > width;
    const cardW = portrait ? width * 0.88 : Math.min(width * 0.72, height * 1.35);
    const cardH = portrait ? Math.min(height * 0.44, cardW * 0.95) : height * 0.66;
    const x = (width - cardW) / 2;
    const y = (height - cardH) / 2;
    this.shade.rect(0, 0, width, height).fill({ color: COLORS.tealDark, alpha: 0.55 });
    this.panel.roundRect(x, y, cardW, cardH, u * 0.4).fill(COLORS.card);
    const headH = cardH * 0.16;
    this.panel.roundRect(x, y, cardW, headH, u * 0.4).fill(COLORS.teal);
    this.panel.rect(x, y + headH - u * 0.4, cardW, u * 0.4).fill(COLORS.teal);
    this.panel.rect(x, y + headH, cardW, Math.max(3, u * 0.1)).fill(COLORS.gold);

    const head = fitText(this.heading, call.service ? `叫号 · ${call.service}` : '叫号', { width: cardW - 2 * u, height: headH * 0.8 }, { maxFontSize: headH * 0.55, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.heading.position.set(Math.round(x + u), Math.round(y + (headH - head.height) / 2));
    const inner = cardW - 2 * u;
    const t = fitText(this.ticket, `${call.ticket.toUpperCase()} 号`, { width: inner, height: cardH * 0.34 }, { maxFontSize: cardH * 0.3, minFontSize: 12, maxLines: 1, lineHeight: 1.05 });
    const c = fitText(this.counter, `请到 ${call.counter} 号窗口办理`, { width: inner, height: cardH * 0.2 }, { maxFontSize: cardH * 0.13, minFontSize: 12, maxLines: 1, lineHeight: 1.1 });
    const previous = this.recent.filter((r) => r.id !== call.id).slice(0, HISTORY);
    const historyText = previous.length ? `最近叫号　${previous.map((r) => `${r.ticket.toUpperCase()}→${r.counter}号窗口`).join('　')}` : '';
    const h = fitText(this.history, historyText, { width: inner, height: cardH * 0.1 }, { maxFontSize: u * 0.6, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.history.visible = historyText !== '';
    const bodyTop = y + headH;
    const bodyH = cardH - headH - (historyText ? h.height + u * 0.5 : 0);
    const block = t.height + c.height + u * 0.4;
    const top = bodyTop + (bodyH - block) / 2;
    this.ticket.position.set(Math.round(x + (cardW - t.width) / 2), Math.round(top));
    this.counter.position.set(Math.round(x + (cardW - c.width) / 2), Math.round(top + t.height + u * 0.4));
    this.history.position.set(Math.round(x + (cardW - h.width) / 2), Math.round(y + cardH - h.height - u * 0.4));
  }

  /** Keep the last few calls for the "recent" line (history stays visible on the card). */
  private remember(call: QueueCall): void {
    if (this.recent[0]?.id === call.id) return;
    this.recent.unshift(call);
    this.recent.length = Math.min(this.recent.length, HISTORY + 1);
  }
}

/**
 * The queue board of waiting-area screens (callDisplay `full`): a panel beside (landscape) or
 * below (portrait) the playlist with a header and clock, the big 正在叫号 card, the per-counter
 * grid, the history of recent calls and the waiting counts (等候人数). Where the card has room it
 * also lists the other current calls under the big one (CARD_CALLS in all, newest first), so in a
 * burst each call stays readable while the spotlight moves on. A new call blinks its card
 * frame for HIGHLIGHT_MS and its history row and counter cell stay marked while it is fresh.
 * The counter grid and the history are `board-lists.ts`. Display objects are made once and pooled
 * (rows, cells); `destroy()` frees them all.
 */
import { Container, Graphics, type Text } from 'pixi.js';
import { CARD_CALLS } from '../../content/call-pacing';
import type { QueueCall } from '../../content/model';
import type { CounterStatus } from '../../content/queue';
import { formatTime } from '../slides/clock-format';
import { fitText } from '../slides/text-fit';
import { COLORS, makeText } from '../slides/theme';
import { BoardLists, FRESH } from './board-lists';
import type { WaitingCount } from './queue-model';
import { waitingEntry } from './waiting-line';

/** A new call's card blinks this long (the issue asks for at least 8 s). */
export const HIGHLIGHT_MS = 8000;
/** Blink half-period: two states, so a blinking board costs ~2 frames a second, not 60. */
const BLINK_MS = 450;
const CLOCK_CHECK_MS = 1000;
/** Height of a line for another current call on the card, and the least height kept for the big ticket (units). */
const CARD_LINE_U = 1.15;
const CARD_TICKET_U = 4;

const PANEL = 0x003a33;

/** Everything the board shows. */
export interface BoardData {
  /** The call in the big card (the spotlight, else the latest), or null. */
  current: QueueCall | null;
  /** True while `current` is the spotlight's new call: its card blinks. */
  currentIsNew: boolean;
  /** The current calls, newest first (`current` first): the card lists the others under it where it has room. */
  cardCalls?: readonly QueueCall[];
  history: readonly QueueCall[];
  /** Call ids still fresh (recent or waiting for the spotlight): rows and cells are marked. */
  fresh: ReadonlySet<string>;
  counters: readonly CounterStatus[];
  waiting: readonly WaitingCount[];
}

interface CardLine {
  ticket: Text;
  counter: Text;
}

const EMPTY: BoardData = { current: null, currentIsNew: false, history: [], fresh: new Set(), counters: [], waiting: [] };

/** The board panel. */
export class QueueBoard {
  readonly container = new Container();
  private readonly bg = new Graphics();
  private readonly marks = new Graphics();
  private readonly blinkFrame = new Graphics();
  private readonly title = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly clock = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly cardLabel = makeText({ fill: COLORS.white, fontWeight: 'bold' });
  private readonly cardTicket = makeText({ fill: COLORS.red, fontWeight: 'bold' });
  private readonly cardCounter = makeText({ fill: COLORS.tealDark, fontWeight: 'bold' });
  private readonly cardService = makeText({ fill: COLORS.inkMuted });
  private readonly waitingTitle = makeText({ fill: COLORS.ink, fontWeight: 'bold' });
  private readonly waitingLine = makeText({ fill: COLORS.ink, fontWeight: 'bold' });
  private readonly cardLines: CardLine[] = [];
  private readonly lists: BoardLists;
  private readonly texts = new Container();
  private data: BoardData = EMPTY;
  private size = { width: 0, height: 0 };
  private blinkLeft = 0;
  private blinkPhase = 0;
  private sinceClock = 0;
  private clockShown = true;

  constructor(
    private readonly ctx: { now(): number; timeZone(): string },
  ) {
    this.texts.addChild(this.title, this.clock, this.cardLabel, this.cardTicket, this.cardCounter, this.cardService);
    this.lists = new BoardLists(this.texts, this.marks, () => this.ctx.timeZone());
    this.texts.addChild(this.waitingTitle, this.waitingLine);
    for (let i = 1; i < CARD_CALLS; i++) {
      const line = { ticket: makeText({ fill: COLORS.red, fontWeight: 'bold' }), counter: makeText({ fill: COLORS.tealDark, fontWeight: 'bold' }) };
      this.texts.addChild(line.ticket, line.counter);
      this.cardLines.push(line);
    }
    this.container.addChild(this.bg, this.marks, this.blinkFrame, this.texts);
  }

  /** New data; `restartBlink` when a new call just took the card. */
  set(data: BoardData, restartBlink: boolean): void {
    this.data = data;
    if (restartBlink) {
      this.blinkLeft = HIGHLIGHT_MS;
      this.blinkPhase = 0;
    }
    if (!data.currentIsNew) this.blinkLeft = 0;
    this.layout();
  }

  /** Leave the header clock out (a clock zone beside the board already shows the time). */
  setClockShown(shown: boolean): void {
    if (shown === this.clockShown) return;
    this.clockShown = shown;
    this.clock.visible = shown;
    this.layout();
  }

  resize(width: number, height: number): void {
    this.size = { width: Math.round(width), height: Math.round(height) };
    this.layout();
  }

  /** Blink and clock; true when the frame changed. */
  update(dtMs: number): boolean {
    let changed = false;
    if (this.blinkLeft > 0) {
      this.blinkLeft -= dtMs;
      this.blinkPhase += dtMs;
      const on = this.blinkLeft > 0 && Math.floor(this.blinkPhase / BLINK_MS) % 2 === 0;
      if (this.blinkFrame.visible !== on) {
        this.blinkFrame.visible = on;
        changed = true;
      }
    }
    this.sinceClock += dtMs;
    if (this.sinceClock >= CLOCK_CHECK_MS) {
      this.sinceClock = 0;
      changed = this.refreshClock() || changed;
    }
    return changed;
  }

  /** True while the card blinks (the player renders then, at the blink's pace). */
  get animating(): boolean {
    return this.blinkLeft > 0;
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }

  private refreshClock(): boolean {
    const { width } = this.size;
    if (!this.clockShown) return false;
    const text = formatTime(this.ctx.now(), this.ctx.timeZone());
    if (text === this.clock.text) return false;
    this.clock.text = text;
    this.clock.x = Math.round(width - this.pad() - this.clock.width);
    return true;
  }

  private unit(): number {
    const { width, height } = this.size;
    const wide = width > height * 1.1;
    return Math.max(8, wide ? Math.min(width / 28, height / 14) : Math.min(width / 15, height / 24));
  }

  private pad(): number {
    return Math.round(this.unit() * 0.55);
  }

  private layout(): void {
    const { width, height } = this.size;
    if (width < 2 || height < 2) return;
    const u = this.unit();
    const pad = this.pad();
    this.bg.clear().rect(0, 0, width, height).fill(PANEL);
    this.marks.clear();
    this.blinkFrame.clear();

    // Header: title left, clock right, gold hairline.
    const headH = Math.round(u * 1.8);
    this.bg.rect(0, 0, width, headH).fill(COLORS.tealDark);
    this.bg.rect(0, headH, width, Math.max(2, Math.round(u * 0.08))).fill(COLORS.gold);
    const clockFit = this.clockShown
      ? fitText(this.clock, formatTime(this.ctx.now(), this.ctx.timeZone()), { width: width * 0.4, height: headH * 0.9 }, { maxFontSize: u * 1.05, minFontSize: 8, maxLines: 1, lineHeight: 1.1 })
      : { width: 0, height: 0 };
    if (this.clockShown) this.clock.position.set(Math.round(width - pad - clockFit.width), Math.round((headH - clockFit.height) / 2));
    const titleFit = fitText(this.title, '排队叫号', { width: width - clockFit.width - 3 * pad, height: headH * 0.9 }, { maxFontSize: u * 0.85, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.title.position.set(pad, Math.round((headH - titleFit.height) / 2));

    const wide = width > height * 1.1;
    const top = headH + pad;
    if (wide) {
      // Two columns: card (+ waiting) left, counters and history right.
      const colW = Math.round((width - 3 * pad) / 2);
      const waitH = this.data.waiting.length ? Math.round(u * 1.5) : 0;
      const cardH = height - top - pad - (waitH ? waitH + pad : 0);
      this.layoutCard(pad, top, colW, cardH, u);
      if (waitH) this.layoutWaiting(pad, height - pad - waitH, colW, waitH, u);
      else this.hideWaiting();
      this.lists.layout(this.data, pad * 2 + colW, top, colW, height - top - pad, u);
      return;
    }
    const waitH = this.data.waiting.length ? Math.round(u * 1.5) : 0;
    // The card grows by the lines of the other current calls, taking at most 15 % from the lists.
    const others = Math.min(CARD_CALLS - 1, this.otherCardCalls().length);
    const extra = others > 0 ? others * Math.round(u * CARD_LINE_U) + Math.round(u * 0.7) : 0;
    const cardH = Math.round(Math.min(height * 0.27, width * 0.6) + Math.min(extra, height * 0.15));
    this.layoutCard(pad, top, width - 2 * pad, cardH, u);
    const listTop = top + cardH + pad;
    const listH = height - listTop - pad - (waitH ? waitH + pad : 0);
    this.lists.layout(this.data, pad, listTop, width - 2 * pad, listH, u);
    if (waitH) this.layoutWaiting(pad, height - pad - waitH, width - 2 * pad, waitH, u);
    else this.hideWaiting();
  }

  /** The 正在叫号 card: label band, ticket, counter line, service. */
  private layoutCard(x: number, y: number, w: number, h: number, u: number): void {
    const call = this.data.current;
    const r = Math.round(u * 0.3);
    const labelH = Math.round(Math.min(h * 0.22, u * 1.5));
    this.bg.roundRect(x, y, w, h, r).fill(COLORS.card);
    this.bg.roundRect(x, y, w, labelH, r).fill(COLORS.red);
    this.bg.rect(x, y + labelH - r, w, r).fill(COLORS.red);
    const frame = Math.max(4, Math.round(u * 0.22));
    this.blinkFrame.roundRect(x + frame / 2, y + frame / 2, w - frame, h - frame, r).stroke({ width: frame, color: FRESH });
    this.blinkFrame.visible = this.blinkLeft > 0 && Math.floor(this.blinkPhase / BLINK_MS) % 2 === 0;
    const label = fitText(this.cardLabel, call ? '正在叫号' : '等待叫号', { width: w - 2 * u, height: labelH * 0.9 }, { maxFontSize: labelH * 0.62, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.cardLabel.position.set(Math.round(x + (w - label.width) / 2), Math.round(y + (labelH - label.height) / 2));
    const bodyY = y + labelH;
    const inner = w - 2 * u;
    // Other current calls under the big one, where the card is tall enough to keep the ticket large.
    const others = this.otherCardCalls();
    const lineH = Math.round(u * CARD_LINE_U);
    const listHeight = (k: number): number => (k > 0 ? k * lineH + Math.round(u * 0.7) : 0);
    // As many lines as leave the big ticket at least CARD_TICKET_U units of height.
    let listed = Math.min(others.length, Math.floor(((h - labelH) * 0.45) / lineH));
    while (listed > 0 && h - labelH - listHeight(listed) < u * CARD_TICKET_U) listed--;
    const listH = listHeight(listed);
    this.layoutCardLines(others.slice(0, listed), x, y + h - listH, w, lineH, u);
    const bodyH = h - labelH - listH;
    const ticketText = call ? call.ticket.toUpperCase() : '—';
    const t = fitText(this.cardTicket, ticketText, { width: inner, height: bodyH * 0.56 }, { maxFontSize: bodyH * 0.5, minFontSize: 10, maxLines: 1, lineHeight: 1.05 });
    this.cardTicket.style.fill = call ? COLORS.red : COLORS.inkMuted;
    const counterText = call ? `请到 ${call.counter} 号窗口办理` : '暂无叫号';
    const c = fitText(this.cardCounter, counterText, { width: inner, height: bodyH * 0.24 }, { maxFontSize: Math.min(bodyH * 0.17, u * 1.3), minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    const service = call?.service ? call.service : '';
    const s = fitText(this.cardService, service, { width: inner, height: bodyH * 0.14 }, { maxFontSize: u * 0.6, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.cardService.visible = service !== '';
    const gap = u * 0.15;
    const block = t.height + gap + c.height + (service ? gap + s.height : 0);
    let cy = bodyY + (bodyH - block) / 2;
    this.cardTicket.position.set(Math.round(x + (w - t.width) / 2), Math.round(cy));
    cy += t.height + gap;
    this.cardCounter.position.set(Math.round(x + (w - c.width) / 2), Math.round(cy));
    cy += c.height + gap;
    this.cardService.position.set(Math.round(x + (w - s.width) / 2), Math.round(cy));
  }

  /** The current calls other than the big one, newest first. */
  private otherCardCalls(): readonly QueueCall[] {
    const current = this.data.current;
    return (this.data.cardCalls ?? []).filter((c) => c.id !== current?.id).slice(0, CARD_CALLS - 1);
  }

  /** The other current calls, one line each under a hairline: ticket left, counter right. */
  private layoutCardLines(calls: readonly QueueCall[], x: number, y: number, w: number, lineH: number, u: number): void {
    if (calls.length > 0) this.bg.rect(x + u, y, w - 2 * u, Math.max(1, Math.round(u * 0.06))).fill(0xd9e3e0);
    this.cardLines.forEach((line, i) => {
      const c = calls[i];
      line.ticket.visible = line.counter.visible = c !== undefined;
      if (!c) return;
      const top = y + Math.round(u * 0.3) + i * lineH;
      const size = { maxFontSize: u * 0.8, minFontSize: 8, maxLines: 1, lineHeight: 1.1 };
      const t = fitText(line.ticket, c.ticket.toUpperCase(), { width: w * 0.4, height: lineH * 0.9 }, size);
      const n = fitText(line.counter, `请到 ${c.counter} 号窗口`, { width: w * 0.5 - u, height: lineH * 0.9 }, size);
      line.ticket.position.set(Math.round(x + u), Math.round(top + (lineH - t.height) / 2));
      line.counter.position.set(Math.round(x + w - u - n.width), Math.round(top + (lineH - n.height) / 2));
    });
  }

  private layoutWaiting(x: number, y: number, w: number, h: number, u: number): void {
    this.bg.roundRect(x, y, w, h, Math.round(u * 0.2)).fill(COLORS.tealLight);
    const label = fitText(this.waitingTitle, '等候人数', { width: w * 0.3, height: h * 0.8 }, { maxFontSize: u * 0.62, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.waitingTitle.position.set(Math.round(x + u * 0.4), Math.round(y + (h - label.height) / 2));
    const line = this.data.waiting.map(waitingEntry).join('　');
    const left = x + u * 0.8 + label.width;
    const fit = fitText(this.waitingLine, line, { width: x + w - left - u * 0.4, height: h * 0.8 }, { maxFontSize: u * 0.62, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    this.waitingLine.style.fill = COLORS.teal;
    this.waitingLine.position.set(Math.round(left), Math.round(y + (h - fit.height) / 2));
    this.waitingTitle.visible = this.waitingLine.visible = true;
  }

  private hideWaiting(): void {
    this.waitingTitle.visible = this.waitingLine.visible = false;
  }
}

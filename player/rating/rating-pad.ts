/**
 * The counter's rating pad (服务评价): a player opened with `?mode=rating` on a small tablet at the
 * counter (a screen with its counter set). A full-screen DOM layer over the playlist: 欢迎评价 and the
 * counter while idle; after 办结 there (the server names the ticket: GET /api/queue/rating-pad) three big
 * buttons 非常满意 / 满意 / 不满意 for 30 s, the answer posted as this screen; then thanks and idle again.
 * It looks again whenever the hall's queue state changes (a 办结 sends a new one) and every
 * POLL_MS in case a push was missed. Rules in rating-pad-state.ts.
 */
import { RATING_LABELS, type Rating, type RatingPadState } from '../../content/ticketing-model';
import type { QueueFeed } from '../slides/slide-view';
import { button, el } from '../kiosk/dom-build';
import { PAD_TIMING, initialPad, padNext, wakeAt, type PadEvent, type PadState, type PadTiming } from './rating-pad-state';
import './rating-pad.css';

/** Fallback look-up interval: a missed push delays the question by at most this. */
const POLL_MS = 15_000;
/** Queue states come in bursts (a call, then its snapshot): one look-up for the burst. */
const SETTLE_MS = 300;
const RATINGS: readonly Rating[] = ['great', 'good', 'bad'];

export interface RatingPadOptions {
  device: { screenId: string; key: string };
  feed: QueueFeed;
  /** Multiplies the prompt and thanks times (the player's test clock, `?test=1&timeScale=`). */
  timeScale?: number;
  parent?: HTMLElement;
}

export class RatingPad {
  readonly root = el('div', { class: 'rating-pad', 'data-testid': 'rating-pad', 'data-state': 'idle', role: 'application', 'aria-roledescription': '服务评价' });
  private state: PadState = initialPad;
  private counter = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private readonly poll: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private readonly timing: PadTiming;
  private readonly headers: Record<string, string>;
  private lastBoard = '';
  private error = '';

  constructor(private readonly options: RatingPadOptions) {
    const scale = options.timeScale ?? 1;
    this.timing = { promptMs: PAD_TIMING.promptMs * scale, thanksMs: PAD_TIMING.thanksMs * scale };
    this.headers = { 'x-screen-id': options.device.screenId, 'x-screen-key': options.device.key };
    (options.parent ?? document.body).append(this.root);
    this.unsubscribe = options.feed.subscribe((data) => {
      const board = data.counters.map((c) => `${c.counter}:${c.state}:${c.ticket ?? ''}`).join('|');
      if (board === this.lastBoard) return;
      this.lastBoard = board;
      clearTimeout(this.settle);
      this.settle = setTimeout(() => void this.look(), SETTLE_MS);
    });
    this.poll = setInterval(() => void this.look(), POLL_MS);
    this.draw();
    void this.look();
  }

  dispose(): void {
    this.unsubscribe();
    clearInterval(this.poll);
    clearTimeout(this.timer);
    clearTimeout(this.settle);
    this.root.remove();
  }

  private async look(): Promise<void> {
    try {
      const r = await fetch('/api/queue/rating-pad', { headers: this.headers, cache: 'no-store' });
      const body = (await r.json().catch(() => null)) as (RatingPadState & { error?: { message?: string } }) | null;
      if (!r.ok || !body) {
        this.error = body?.error?.message ?? '';
        return this.draw();
      }
      this.counter = body.counter;
      this.error = '';
      if (body.ticket) this.apply({ type: 'ratable', ticket: body.ticket });
      else this.draw();
    } catch {
      // Offline: the pad keeps what it shows; the next push or poll tries again.
    }
  }

  private async rate(rating: Rating, number: string): Promise<void> {
    try {
      const r = await fetch('/api/queue/rating-pad', { method: 'POST', headers: { 'content-type': 'application/json', ...this.headers }, body: JSON.stringify({ ticket: number, rating }) });
      if (r.ok) {
        this.error = '';
        return this.apply({ type: 'answered' });
      }
      const body = (await r.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      // Rated already (another tap got there first) counts as answered; anything else is said on the pad.
      if (body?.error?.code === 'already_rated') return this.apply({ type: 'answered' });
      this.error = body?.error?.message ?? `评价未能提交（HTTP ${r.status}）`;
    } catch {
      this.error = '网络异常，评价未能提交，请再点一次';
    }
    this.draw();
  }

  private apply(event: PadEvent): void {
    const before = this.state.view.kind;
    this.state = padNext(this.state, event, Date.now(), this.timing);
    if (this.state.view.kind !== before) this.error = '';
    clearTimeout(this.timer);
    const wake = wakeAt(this.state);
    if (wake !== undefined) this.timer = setTimeout(() => this.apply({ type: 'tick' }), Math.max(0, wake - Date.now()));
    this.draw();
  }

  private draw(): void {
    const view = this.state.view;
    const counter = this.counter ? `${this.counter} 号窗口` : '';
    this.root.dataset.state = view.kind;
    this.root.dataset.counter = this.counter;
    const alert = this.error ? el('p', { class: 'rating-pad-error', role: 'alert', 'data-testid': 'rating-pad-error', text: this.error }) : null;
    if (view.kind === 'ask') {
      const number = view.ticket.number;
      this.root.dataset.ticket = number;
      const buttons = RATINGS.map((r) =>
        button({ class: `rating-pad-button is-${r}`, 'data-testid': `rating-${r}`, 'data-rating': r }, () => void this.rate(r, number), el('span', { class: 'rating-pad-face', 'aria-hidden': 'true' }), el('span', { text: RATING_LABELS[r] })),
      );
      this.root.replaceChildren(
        el('p', { class: 'rating-pad-counter', text: counter }),
        el('h1', { class: 'rating-pad-title', text: `${number} 号，请您为本次服务评价` }),
        el('div', { class: 'rating-pad-buttons' }, ...buttons),
        ...(alert ? [alert] : []),
      );
      return;
    }
    delete this.root.dataset.ticket;
    if (view.kind === 'thanks') {
      this.root.replaceChildren(el('h1', { class: 'rating-pad-title', 'data-testid': 'rating-pad-thanks', text: '谢谢您的评价！' }), el('p', { class: 'rating-pad-note', text: counter }));
      return;
    }
    this.root.replaceChildren(
      el('p', { class: 'rating-pad-counter', 'data-testid': 'rating-pad-idle', text: counter || '服务评价' }),
      el('h1', { class: 'rating-pad-title', text: '欢迎评价' }),
      el('p', { class: 'rating-pad-note', text: '业务办结后，请在这里为本次服务评价' }),
      ...(alert ? [alert] : []),
    );
  }
}

/** `?mode=rating`: this player is a counter's rating pad. */
export function isRatingMode(search: string): boolean {
  return new URLSearchParams(search).get('mode') === 'rating';
}

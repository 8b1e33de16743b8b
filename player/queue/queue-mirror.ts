/**
 * The DOM mirror of the queue board and the counter strip (sr-only, beside the contract mirror),
 * so screen readers and tests can read what the canvas draws:
 * - `[data-testid="queue-board"][data-visible]` with `[data-testid="board-current"][data-call-id]`
 *   (the big card; `data-card-tickets`: every current call it lists, newest first), `ol[data-testid="board-history"] > li[data-call-id]` (newest first),
 *   `[data-testid="board-counter"][data-counter][data-state]` and `[data-testid="board-waiting"]`;
 * - `[data-testid="counter-strip"][data-state][data-counters][data-flashing]` holding the strip's line.
 * Not aria-live: the call element already announces each call; a live board would chatter.
 */
import type { QueueCall } from '../../content/model';
import type { CounterStatus } from '../../content/queue';
import type { WaitingCount } from './queue-model';
import { waitEstimate } from './waiting-line';
import type { StripLine } from './strip-line';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, testid: string, text = ''): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  node.dataset.testid = testid;
  node.textContent = text;
  return node;
};

/** Board and strip mirrors; each exists only while its mode is active. */
export class QueueMirror {
  private board: HTMLElement | null = null;
  private strip: HTMLElement | null = null;

  constructor(private readonly mount: (element: HTMLElement) => void) {}

  /** Mirror the board, or remove it with null. */
  setBoard(
    board: {
      visible: boolean;
      current: QueueCall | null;
      cardCalls?: readonly QueueCall[];
      history: readonly QueueCall[];
      counters: readonly CounterStatus[];
      waiting: readonly WaitingCount[];
    } | null,
  ): void {
    if (!board) {
      this.board?.remove();
      this.board = null;
      return;
    }
    if (!this.board) {
      this.board = el('section', 'queue-board');
      this.board.setAttribute('aria-label', '排队叫号');
      this.mount(this.board);
    }
    this.board.dataset.visible = String(board.visible);
    const current = el('div', 'board-current', board.current ? board.current.text : '');
    current.dataset.callId = board.current?.id ?? '';
    current.dataset.cardTickets = (board.cardCalls ?? []).map((c) => c.ticket).join(',');
    const history = el('ol', 'board-history');
    for (const call of board.history) {
      const li = el('li', 'board-history-item', `${call.ticket} 请到 ${call.counter} 号窗口`);
      Object.assign(li.dataset, { callId: call.id, ticket: call.ticket, counter: call.counter });
      history.append(li);
    }
    const counters = el('ul', 'board-counters');
    for (const c of board.counters) {
      const li = el('li', 'board-counter', `${c.counter} 号窗口 ${c.state === 'serving' && c.ticket ? c.ticket : { idle: '空闲', serving: '办理中', paused: '暂停服务', closed: '已关闭' }[c.state]}`);
      Object.assign(li.dataset, { counter: c.counter, state: c.state, ticket: c.ticket ?? '' });
      counters.append(li);
    }
    const waiting = el('ul', 'board-waiting');
    for (const w of board.waiting) {
      const est = waitEstimate(w);
      const li = el('li', 'board-waiting-item', `${w.service} 等候 ${w.count} 人${est ? ` ${est}` : ''}`);
      Object.assign(li.dataset, { service: w.service, count: String(w.count), ...(est && { minutes: String(w.minutes) }) });
      waiting.append(li);
    }
    this.board.replaceChildren(current, history, counters, waiting);
  }

  /** Mirror the strip's line, or remove it with null. */
  setStrip(strip: { line: StripLine; counters: readonly string[]; visible: boolean; flashing: boolean } | null): void {
    if (!strip) {
      this.strip?.remove();
      this.strip = null;
      return;
    }
    if (!this.strip) {
      this.strip = el('div', 'counter-strip');
      this.mount(this.strip);
    }
    this.strip.dataset.state = strip.line.kind;
    this.strip.dataset.counters = strip.counters.join(',');
    this.strip.dataset.visible = String(strip.visible);
    this.strip.dataset.flashing = String(strip.flashing);
    this.strip.textContent = strip.line.text;
  }
}

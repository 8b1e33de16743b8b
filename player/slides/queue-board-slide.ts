/**
 * 叫号看板 as a slide: the same QueueBoard the call layer uses, filling the zone, fed by the
 * player's queue model (SlideContext.queue). Without a queue (preview, no queue state yet) it shows
 * its empty state (等待叫号) rather than failing.
 */
import { Container } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { QueueBoard, type BoardData } from '../queue/queue-board';
import type { SlideContext, SlideView } from './slide-view';

const EMPTY: BoardData = { current: null, currentIsNew: false, history: [], fresh: new Set(), counters: [], waiting: [] };

/** A full-zone queue board. */
export class QueueBoardSlide implements SlideView {
  readonly container = new Container();
  private board: QueueBoard | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    _slide: SlideOf<'queueBoard'>,
    private readonly ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    this.board = new QueueBoard({ now: this.ctx.now, timeZone: () => this.ctx.timeZone });
    this.container.addChild(this.board.container);
    this.board.set(this.ctx.queue?.current() ?? EMPTY, false);
  }

  show(): void {
    this.unsubscribe = this.ctx.queue?.subscribe((data) => {
      this.board?.set(data, false);
      this.ctx.requestRender();
    }) ?? null;
  }

  hide(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  update(dtMs: number): void {
    if (this.board?.update(dtMs)) this.ctx.requestRender();
  }

  animating(): boolean {
    return this.board?.animating ?? false;
  }

  resize(width: number, height: number): void {
    this.board?.resize(width, height);
  }

  destroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.board?.destroy();
    this.board = null;
    this.container.destroy({ children: true });
  }
}

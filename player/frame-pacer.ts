/**
 * When the player draws a frame. Signage is mostly still: redrawing a static notice 60 times a second
 * only heats weak kiosk boxes (and under software WebGL every frame costs a full read-back). So a frame
 * is drawn only when something moves (transitions, scrolling bands, fades) or changed (marked dirty),
 * plus a slow safety net for anything that changed without saying so. Apart from the player because
 * the acks depend on it: work queued here runs only once a frame is out ("on screen", not "received").
 */

/** The safety net: a frame at least this often, even when nothing says it changed. */
const IDLE_FRAME_MS = 5000;

export class FramePacer {
  private dirty = true;
  private lastFrame = 0;
  /** Work that must wait until the next frame is drawn. */
  private afterFrame: (() => void)[] = [];

  constructor(private readonly render: () => void) {}

  /** Something changed: the next tick draws. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Runs `work` right after the next frame is drawn. */
  afterNextFrame(work: () => void): void {
    this.afterFrame.push(work);
  }

  /** One ticker turn: draws when something moved, changed, or the safety net is due. */
  tick(moving: boolean): void {
    const now = performance.now();
    if (!moving && !this.dirty && now - this.lastFrame < IDLE_FRAME_MS) return;
    this.render();
    this.lastFrame = now;
    this.dirty = false;
    const after = this.afterFrame;
    this.afterFrame = [];
    for (const run of after) run();
  }
}

/**
 * Notices a video that stopped moving while it should play (a decoder or network stall): its
 * position has not changed for STALL_MS. Polled rather than reset on every `timeupdate`, so a
 * playing video costs one timer tick a second. No DOM here, so the rule is unit-tested.
 */

/** No progress for this long counts as stalled (long enough for a slow link to rebuffer a little). */
export const STALL_MS = 8000;
const CHECK_EVERY_MS = 1000;

export interface StallWatchDeps {
  /** The playback position (e.g. `video.currentTime`). */
  position(): number;
  /** Monotonic ms (performance.now). */
  now(): number;
  /** False while progress is not expected (page hidden: browsers pause background video). */
  active(): boolean;
  /** Called once, then the watch stops. */
  stalled(stuckMs: number): void;
}

export class StallWatch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  private since = 0;

  constructor(private readonly deps: StallWatchDeps) {}

  start(): void {
    this.stop();
    this.last = this.deps.position();
    this.since = this.deps.now();
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const now = this.deps.now();
    const position = this.deps.position();
    // A loop jumps back to 0: any change is progress.
    if (position !== this.last || !this.deps.active()) {
      this.last = position;
      this.since = now;
      return;
    }
    if (now - this.since >= STALL_MS) {
      this.stop();
      this.deps.stalled(now - this.since);
    }
  }
}

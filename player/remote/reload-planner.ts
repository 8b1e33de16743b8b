/**
 * Reloads that wait for a good moment: at the next slide boundary (or at once when nothing is
 * scheduled), never while a call is being announced. Used by the `reload` command and by the
 * watchdog's soft reload. A screen whose slide never ends (one long slide) still reloads after
 * RELOAD_WAIT_MAX_MS.
 */

/** Longest wait for a slide boundary before reloading anyway. */
export const RELOAD_WAIT_MAX_MS = 5 * 60_000;
/** While an announcement plays, look again this often. */
const ANNOUNCEMENT_POLL_MS = 1000;

export interface ReloadPlannerDeps {
  /** A call is being announced (chime or voice). */
  announcing(): boolean;
  /** Nothing worth waiting for is on screen (idle slide, boot screen). */
  idle(): boolean;
  /** Reload the page now (after `why` was reported). */
  reload(why: string): void;
}

/** Plans one reload at a time; a second request while one waits changes nothing. */
export class ReloadPlanner {
  private why: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ReloadPlannerDeps) {}

  get pending(): boolean {
    return this.why !== null;
  }

  /** Ask for a reload at the next good moment. */
  request(why: string): void {
    if (this.why !== null) return;
    this.why = why;
    // Even when idle, not in this task: the caller still has to answer the command that asked.
    if (this.deps.idle()) this.timer = setTimeout(() => this.attempt(), 0);
    else this.timer = setTimeout(() => this.attempt(), RELOAD_WAIT_MAX_MS);
  }

  /** A slide just ended: the moment a planned reload may happen. */
  slideEnded(): void {
    if (this.why !== null) this.attempt();
  }

  private attempt(): void {
    clearTimeout(this.timer);
    const why = this.why;
    if (why === null) return;
    if (this.deps.announcing()) {
      this.timer = setTimeout(() => this.attempt(), ANNOUNCEMENT_POLL_MS);
      return;
    }
    this.deps.reload(why);
  }
}

/**
 * Reloads that wait for a good moment: at the next slide boundary (or at once when nothing is
 * scheduled), never while a call is being announced. Used by the `reload` command and by the
 * watchdog's soft reload. A slide boundary of the kiosk attract loop is no moment while a visitor
 * uses the app (the session ends within its idleMs anyway). A screen whose slide never ends (one
 * long slide) or whose kiosk is never left still reloads after RELOAD_WAIT_MAX_MS.
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
  /** A visitor uses the kiosk app: reloading now would throw them out. */
  busy?(): boolean;
  /** RELOAD_WAIT_MAX_MS ran out while busy: end the visitor's session so its record survives the reload. */
  interrupt?(): void;
  /** Reload the page now (after `why` was reported). */
  reload(why: string): void;
}

/** Plans one reload at a time; a second request while one waits changes nothing. */
export class ReloadPlanner {
  private why: string | null = null;
  /** The next try (at once when idle, or after an announcement). */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** RELOAD_WAIT_MAX_MS: apart from `timer`, so a boundary that is no moment (kiosk busy) keeps it. */
  private cap: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ReloadPlannerDeps) {}

  get pending(): boolean {
    return this.why !== null;
  }

  /** Ask for a reload at the next good moment. */
  request(why: string): void {
    if (this.why !== null) return;
    this.why = why;
    // Even when idle, not in this task: the caller still has to answer the command that asked.
    if (this.deps.idle()) this.timer = setTimeout(() => this.attempt(false), 0);
    this.cap = setTimeout(() => this.attempt(true), RELOAD_WAIT_MAX_MS);
  }

  /** A slide just ended: the moment a planned reload may happen. */
  slideEnded(): void {
    if (this.why !== null) this.attempt(false);
  }

  /** `forced`: the cap ran out, so a busy kiosk is interrupted rather than waited for. */
  private attempt(forced: boolean): void {
    clearTimeout(this.timer);
    const why = this.why;
    if (why === null) return;
    if (this.deps.announcing()) {
      this.timer = setTimeout(() => this.attempt(forced), ANNOUNCEMENT_POLL_MS);
      return;
    }
    if (this.deps.busy?.()) {
      if (!forced) return; // the next boundary after the session, or the cap
      this.deps.interrupt?.();
    }
    clearTimeout(this.cap);
    this.deps.reload(why);
  }
}

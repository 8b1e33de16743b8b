/**
 * The server's clock as seen from this screen. Screens in a hall must switch slides and expire
 * calls together even when their own clocks drift, so every schedule decision uses `now()`.
 * Each sample is NTP-like: offset = server time − midpoint of the round trip; the sample with the
 * shortest round trip among the recent ones wins, since its midpoint guess is the tightest.
 */

/** How many recent samples to choose from. */
const SAMPLES = 8;
/** Offset changes smaller than this are noise; larger ones make the scheduler re-resolve. */
export const CLOCK_CHANGE_THRESHOLD_MS = 500;

interface Sample {
  offset: number;
  rtt: number;
}

/** Server-corrected time, fed by `welcome` and `pong` round trips. */
export class ServerClock {
  private samples: Sample[] = [];
  private offset = 0;
  private listeners = new Set<(offsetMs: number) => void>();

  /** Server-corrected now, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Current estimate of server time − local time. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Called when the offset moved by more than CLOCK_CHANGE_THRESHOLD_MS; returns an unsubscribe. */
  onChange(listener: (offsetMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Record a round trip: sent at local `sentAt`, answered at `serverTime`, received at local `receivedAt`. */
  sample(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = receivedAt - sentAt;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(serverTime)) return;
    this.samples.push({ offset: serverTime - (sentAt + receivedAt) / 2, rtt });
    if (this.samples.length > SAMPLES) this.samples.shift();
    const best = this.samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    const moved = Math.abs(best.offset - this.offset) > CLOCK_CHANGE_THRESHOLD_MS;
    this.offset = best.offset;
    if (moved) for (const listener of this.listeners) listener(this.offset);
  }

  /** Forget old samples: after a reconnect the path (and its delay) may have changed. */
  resetSamples(): void {
    this.samples = [];
  }
}

/**
 * A visitor's way through a kiosk app: the page stack (home at the bottom) and what the analytics
 * want to know about the session (pages opened, tiles touched, depth, how it ended). Pure: no DOM,
 * no timers, so the rules (back from home leaves, idle resets everything) are unit-tested.
 */
import type { KioskSession } from '../../content/protocol';

/** The protocol caps both lists; longer sessions keep their first entries. */
const MAX_TRAIL = 200;

export type KioskInput = NonNullable<KioskSession['input']>;
export type KioskEnd = KioskSession['endedBy'];

interface Open {
  startedAt: number;
  stack: string[];
  pages: string[];
  tiles: string[];
  maxDepth: number;
  input?: KioskInput;
}

/** The navigation state of one kiosk app; at most one session open at a time. */
export class KioskNav {
  private session: Open | null = null;

  constructor(
    private home: string,
    private readonly slideId: () => string,
  ) {}

  get isOpen(): boolean {
    return this.session !== null;
  }

  /** The page on top of the stack, or null when the attract loop plays. */
  get current(): string | null {
    return this.session?.stack.at(-1) ?? null;
  }

  /** Home = 0. */
  get depth(): number {
    return this.session ? this.session.stack.length - 1 : 0;
  }

  /** The page ids from home to the current one (a copy). */
  get stack(): string[] {
    return [...(this.session?.stack ?? [])];
  }

  /** The app changed its home page (a new version): takes effect at the next session. */
  setHome(home: string): void {
    this.home = home;
  }

  /** A visitor touched the attract loop: the session starts on the home page. */
  open(at: number, input?: KioskInput): void {
    this.session = { startedAt: at, stack: [this.home], pages: [this.home], tiles: [], maxDepth: 0, ...(input && { input }) };
  }

  /** A tile on the current page leads to `target`. */
  push(target: string): void {
    const s = this.session;
    if (!s) return;
    const from = s.stack.at(-1)!;
    if (s.tiles.length < MAX_TRAIL) s.tiles.push(`${from}/${target}`);
    s.stack.push(target);
    if (s.pages.length < MAX_TRAIL) s.pages.push(target);
    s.maxDepth = Math.max(s.maxDepth, s.stack.length - 1);
  }

  /** One page back; 'exit' when already home (the caller ends the session). */
  back(): 'page' | 'exit' {
    const s = this.session;
    if (!s || s.stack.length <= 1) return 'exit';
    s.stack.pop();
    return 'page';
  }

  /** Straight back to the home page. */
  goHome(): void {
    if (this.session) this.session.stack.length = 1;
  }

  /** Ends the session (idle, exit, an emergency, the schedule): its record, or null when none was open. */
  end(at: number, endedBy: KioskEnd): KioskSession | null {
    const s = this.session;
    this.session = null;
    if (!s) return null;
    return {
      slideId: this.slideId(),
      startedAt: new Date(s.startedAt).toISOString(),
      durationMs: Math.min(86_400_000, Math.max(0, Math.round(at - s.startedAt))),
      pages: s.pages.map((p) => p.slice(0, 40)),
      tiles: s.tiles.map((t) => t.slice(0, 81)),
      maxDepth: Math.min(100, s.maxDepth),
      endedBy,
      ...(s.input && { input: s.input }),
    };
  }
}

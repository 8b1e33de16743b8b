/**
 * 「离线播放中」: a small corner badge once the server has been away for a while, so staff walking
 * by know the screen plays from its cache. Off for LED strips unless their screen asks for it, since
 * a strip has no corner to spare. Plain DOM above the canvas (`data-testid="offline-badge"`).
 */
import { DEFAULT_OFFLINE_BADGE_MS } from '../../content/protocol';

/** What decides the delay: the screen's own setting, else the default; strips only when set > 0. */
export function offlineBadgeDelay(screen: { kind: string; offlineBadgeMs?: number } | null): number | null {
  const set = screen?.offlineBadgeMs;
  if (set !== undefined) return set > 0 ? set : null;
  if (screen?.kind === 'ledStrip') return null;
  return DEFAULT_OFFLINE_BADGE_MS;
}

/** Shows the badge after `delay` ms offline; hides it at once when the server is back. */
export class OfflineBadge {
  private element: HTMLDivElement | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offlineSince: number | null = performance.now();
  private delay: number | null = DEFAULT_OFFLINE_BADGE_MS;

  constructor() {
    this.arm();
  }

  /** The screen's settings arrived or changed. */
  configure(screen: { kind: string; offlineBadgeMs?: number } | null): void {
    this.delay = offlineBadgeDelay(screen);
    this.arm();
  }

  /** The connection went online (true) or away (false). */
  setOnline(online: boolean): void {
    if (online) this.offlineSince = null;
    else this.offlineSince ??= performance.now();
    this.arm();
  }

  get shown(): boolean {
    return this.element !== null;
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.offlineSince === null || this.delay === null) return this.hide();
    const wait = this.offlineSince + this.delay - performance.now();
    if (wait <= 0) this.show();
    else this.timer = setTimeout(() => this.show(), wait);
  }

  private show(): void {
    if (this.element) return;
    const badge = document.createElement('div');
    badge.className = 'offline-badge';
    badge.dataset.testid = 'offline-badge';
    badge.setAttribute('role', 'status');
    badge.textContent = '离线播放中';
    // Inline: the page's stylesheet belongs to the shell, and the badge must look the same offline.
    Object.assign(badge.style, {
      position: 'fixed',
      right: '1.2vmin',
      bottom: '1.2vmin',
      zIndex: '9',
      padding: '0.5vmin 1.4vmin',
      borderRadius: '0.8vmin',
      background: 'rgba(0, 0, 0, 0.55)',
      color: '#ffd54a',
      font: 'bold max(12px, 1.8vmin) sans-serif',
      pointerEvents: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    document.body.append(badge);
    this.element = badge;
  }

  private hide(): void {
    this.element?.remove();
    this.element = null;
  }
}

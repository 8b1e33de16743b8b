/**
 * The DOM mirror of what the canvas shows (contract): screen readers and acceptance tests read it.
 * - `[data-testid="now-playing"][data-slide-id]`: the main zone's slide, its title as text;
 * - `[data-testid="call"][aria-live="assertive"]`: the call text while a call is on screen, else empty;
 * - `[data-testid="override"][data-override-id]`: the shown override's title, absent when none.
 * Visually hidden (sr-only), never display:none, so assistive technology still reads it.
 */
import type { Override } from '../content/model';

/** Keeps the hidden DOM elements in step with the canvas. */
export class DomMirror {
  private readonly root = document.createElement('div');
  private readonly nowPlaying = document.createElement('div');
  private readonly call = document.createElement('div');
  private override: HTMLDivElement | null = null;

  constructor(parent: HTMLElement = document.body) {
    this.root.className = 'sr-only';
    this.root.id = 'player-mirror';
    this.nowPlaying.dataset.testid = 'now-playing';
    this.nowPlaying.dataset.slideId = '';
    this.call.dataset.testid = 'call';
    this.call.setAttribute('aria-live', 'assertive');
    this.call.setAttribute('aria-atomic', 'true');
    this.root.append(this.nowPlaying, this.call);
    parent.append(this.root);
  }

  /** Add another mirrored element (queue board, counter strip, announcer state) to the hidden root. */
  append(element: HTMLElement): void {
    this.root.append(element);
  }

  /** The main zone now shows slide `slideId` titled `title`. */
  setNowPlaying(slideId: string, title: string): void {
    this.nowPlaying.dataset.slideId = slideId;
    this.nowPlaying.textContent = title;
  }

  /** A call is on screen (`text`), or none (`null`). */
  setCall(text: string | null): void {
    this.call.textContent = text ?? '';
  }

  /** The override on top of the screen, or none. One element at most, for the one on top. */
  setOverride(override: Override | null): void {
    if (!override) {
      this.override?.remove();
      this.override = null;
      return;
    }
    if (!this.override) {
      this.override = document.createElement('div');
      this.override.dataset.testid = 'override';
      this.override.setAttribute('aria-live', 'assertive');
      this.root.append(this.override);
    }
    this.override.dataset.overrideId = override.id;
    this.override.dataset.overrideKind = override.kind;
    this.override.textContent = override.title;
  }
}

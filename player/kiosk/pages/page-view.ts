/** What every kiosk page renderer gets and gives back. */
import type { Slide, SlideOf } from '../../../content/model';
import type { QueueFeed } from '../../slides/slide-view';

/** What a page may use: its app, the manifest's slides, navigation and the live queue. */
export interface PageContext {
  app: SlideOf<'kioskApp'>;
  /** Slides of the manifest by id (slide pages and price pages look theirs up here). */
  slide(id: string): Slide | undefined;
  /** A tile was pressed: open `target` (recorded for the analytics). */
  open(target: string): void;
  queue?: QueueFeed;
  /** This screen's credentials for HTTP calls made as the screen (取号); absent in preview. */
  device?: { screenId: string; key: string };
}

/** A rendered page: its element, and optionally its own keys (digits on the calculator) and cleanup. */
export interface PageView {
  element: HTMLElement;
  /** True when the page handled the key itself. */
  onKey?(event: KeyboardEvent): boolean;
  dispose?(): void;
}

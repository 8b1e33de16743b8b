/**
 * A zone that loops a playlist of its own (side pictures, an info column) with its own SlideHost,
 * so it gets the same double buffer, transitions and failure skipping as the main zone. It asks
 * `zonePlaylistItems` again at every slide boundary, so validity windows and approvals take effect
 * without a timer per edge. No proof of play: that is claimed for the main zone only.
 */
import type { Slide } from '../../content/model';
import type { Manifest } from '../../content/protocol';
import { zonePlaylistItems } from '../../content/schedule';
import { MAX_TIMER_MS, SKIP_DELAY_MS } from '../scheduler';
import { SlideHost } from '../slide-host';
import type { SlideView } from '../slides/slide-view';
import type { ZoneView } from './zone-view';

/** An empty playlist is asked again this often (a slide may become valid or approved). */
const EMPTY_RECHECK_MS = 30_000;

/** What a playlist zone needs from the player. */
export interface PlaylistZoneOptions {
  now(): number;
  createView(slide: Slide): SlideView;
  requestRender(): void;
}

/** A zone looping its own playlist. */
export class PlaylistZone implements ZoneView {
  private readonly host: SlideHost;
  private manifest: Manifest | null = null;
  private lastSlideId: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private token = 0;

  constructor(
    private readonly playlistId: string,
    private readonly options: PlaylistZoneOptions,
  ) {
    this.host = new SlideHost({ createView: options.createView, onShown: () => options.requestRender() });
  }

  get container() {
    return this.host.container;
  }

  get animating(): boolean {
    return this.host.animating;
  }

  /** A new manifest: the loop goes on from the slide on screen (or starts). */
  setManifest(manifest: Manifest): void {
    const first = this.manifest === null;
    this.manifest = manifest;
    if (first) void this.next();
  }

  resize(width: number, height: number): void {
    this.host.resize(width, height);
  }

  update(dtMs: number): boolean {
    const moving = this.host.animating;
    this.host.update(dtMs);
    return moving;
  }

  destroy(): void {
    this.token++;
    clearTimeout(this.timer);
    void this.host.clear();
    this.host.container.destroy({ children: true });
  }

  private async next(): Promise<void> {
    clearTimeout(this.timer);
    const manifest = this.manifest;
    if (!manifest) return;
    const token = ++this.token;
    const items = zonePlaylistItems(manifest, this.playlistId, this.options.now());
    if (items.length === 0) {
      this.timer = setTimeout(() => void this.next(), EMPTY_RECHECK_MS);
      return;
    }
    const at = items.findIndex((i) => i.slideId === this.lastSlideId);
    const item = items[(at + 1) % items.length]!;
    this.lastSlideId = item.slideId;
    const slide = manifest.slides.find((s) => s.id === item.slideId);
    const shown = slide ? await this.host.show(slide) : false;
    if (token !== this.token) return;
    this.timer = setTimeout(() => void this.next(), Math.min(MAX_TIMER_MS, shown ? item.durationMs : SKIP_DELAY_MS));
  }
}

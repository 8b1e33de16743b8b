/**
 * 图片: a picture from the media library, fitted `contain` (whole picture, page colour around it) or
 * `cover` (fills the screen, edges cropped). On a LED strip a wide banner picture is shown as is;
 * any other picture gives way to the slide's title, which is what a 64 px strip can carry.
 */
import { Container, Graphics, Rectangle, Sprite, Texture } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { MarqueeLine } from './marquee-line';
import type { SlideContext, SlideView } from './slide-view';
import { acquireTexture, releaseTexture } from './texture-refs';
import { COLORS, isStrip } from './theme';

/** Pictures at least this much wider than tall are made for strips. */
const STRIP_ASPECT = 3;

/** An image slide. */
export class ImageSlide implements SlideView {
  readonly container = new Container();
  private readonly backdrop = new Graphics();
  private readonly picture = new Container();
  private readonly strip = new MarqueeLine({ fill: COLORS.white });
  private sprite: Sprite | null = null;
  private source: Texture | null = null;
  /** For `cover`: a view onto the visible part of the picture (cropping without a stencil mask). */
  private crop: Texture | null = null;
  private url: string | null = null;
  private stripText = false;

  constructor(
    private readonly slide: SlideOf<'image'>,
    _ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    const url = this.slide.mediaUrl;
    if (!url) throw new Error(`slide ${this.slide.id} has no mediaUrl`);
    this.url = url;
    this.source = await acquireTexture(url);
    this.sprite = new Sprite(this.source);
    this.picture.addChild(this.sprite);
    this.container.addChild(this.backdrop, this.picture, this.strip.container);
  }

  show(): void {}

  hide(): void {}

  update(dtMs: number): void {
    if (this.stripText) this.strip.update(dtMs);
  }

  animating(): boolean {
    return this.stripText && this.strip.animating;
  }

  resize(width: number, height: number): void {
    const sprite = this.sprite;
    const tex = this.source;
    if (!sprite || !tex) return;
    const wide = tex.width / Math.max(1, tex.height) >= STRIP_ASPECT;
    this.stripText = isStrip(height) && !wide;
    this.picture.visible = !this.stripText;
    this.strip.container.visible = this.stripText;
    this.backdrop.clear().rect(0, 0, width, height).fill(this.stripText ? COLORS.tealDark : COLORS.page);
    if (this.stripText) {
      const pad = Math.round(height * 0.08);
      this.strip.container.position.set(pad, 0);
      this.strip.layout(this.slide.title, width - 2 * pad, height, height * 0.62);
      return;
    }
    const fit = isStrip(height) ? 'cover' : this.slide.fit;
    // Swap the sprite onto its new texture first, then free the old crop it no longer shows.
    const oldCrop = this.crop;
    this.crop = null;
    if (fit === 'contain') {
      const scale = Math.min(width / tex.width, height / tex.height);
      sprite.texture = tex;
      oldCrop?.destroy(false);
      sprite.setSize(tex.width * scale, tex.height * scale);
      sprite.position.set(Math.round((width - sprite.width) / 2), Math.round((height - sprite.height) / 2));
      return;
    }
    // Cover: show the centred part of the picture that has the screen's aspect ratio.
    const scale = Math.max(width / tex.width, height / tex.height);
    const frameW = Math.min(tex.width, width / scale);
    const frameH = Math.min(tex.height, height / scale);
    const frame = new Rectangle(tex.frame.x + (tex.width - frameW) / 2, tex.frame.y + (tex.height - frameH) / 2, frameW, frameH);
    this.crop = new Texture({ source: tex.source, frame });
    sprite.texture = this.crop;
    oldCrop?.destroy(false);
    sprite.setSize(width, height);
    sprite.position.set(0, 0);
  }

  async destroy(): Promise<void> {
    this.container.destroy({ children: true });
    // The crop is only a view: destroy it without its source, which the texture cache owns.
    this.crop?.destroy(false);
    this.crop = null;
    this.sprite = null;
    this.source = null;
    if (this.url) await releaseTexture(this.url);
    this.url = null;
  }
}

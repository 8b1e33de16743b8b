/**
 * 视频: a muted, looping video from the media library as a pixi texture. The slide's duration is the
 * scheduler's (the server defaults it to the file's length); a slide longer than the file loops it.
 * `prepare` waits until the first frame can be drawn (the poster sits beneath meanwhile and whenever
 * the decoder stalls), so the host's double buffer never fades into black. `destroy` frees the
 * element's decoder (src removed + load()) and the GPU texture: a leaked <video> keeps its buffers.
 * The host may destroy a view whose prepare is still waiting (its prepare timeout): prepare then
 * frees what it got late and builds nothing more. A video that stalls on screen (or errors) asks the
 * player, where it can (ctx.reportProblem, main zone only), to skip it.
 */
import { Container, Graphics, Rectangle, Sprite, Texture, VideoSource } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { registerMedia } from '../announcer/ducking';
import type { SlideContext, SlideView } from './slide-view';
import { StallWatch } from './stall-watch';
import { acquireTexture, releaseTexture } from './texture-refs';
import { COLORS, isStrip } from './theme';

/** A video that cannot play its first frame this soon counts as failed (the host skips it). */
const FIRST_FRAME_TIMEOUT_MS = 15_000;

/** Wait until the element can draw its current frame and play on (readyState ≥ HAVE_FUTURE_DATA). */
function firstFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve, reject) => {
    if (video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) return resolve();
    const done = (err?: Error): void => {
      clearTimeout(timer);
      video.removeEventListener('canplay', ok);
      video.removeEventListener('error', fail);
      if (err) reject(err);
      else resolve();
    };
    const ok = (): void => done();
    const fail = (): void => done(new Error(`video error ${video.error?.code ?? '?'}: ${video.error?.message ?? ''}`));
    const timer = setTimeout(() => done(new Error(`no first frame within ${FIRST_FRAME_TIMEOUT_MS} ms`)), FIRST_FRAME_TIMEOUT_MS);
    video.addEventListener('canplay', ok);
    video.addEventListener('error', fail);
  });
}

/** Place `sprite` showing `tex` in width × height; returns the crop texture made for `cover` (caller frees it). */
export function fitSprite(sprite: Sprite, tex: Texture, width: number, height: number, fit: 'contain' | 'cover'): Texture | null {
  if (fit === 'contain') {
    const scale = Math.min(width / tex.width, height / tex.height);
    sprite.texture = tex;
    sprite.setSize(tex.width * scale, tex.height * scale);
    sprite.position.set(Math.round((width - sprite.width) / 2), Math.round((height - sprite.height) / 2));
    return null;
  }
  const scale = Math.max(width / tex.width, height / tex.height);
  const frameW = Math.min(tex.width, width / scale);
  const frameH = Math.min(tex.height, height / scale);
  const crop = new Texture({ source: tex.source, frame: new Rectangle((tex.width - frameW) / 2, (tex.height - frameH) / 2, frameW, frameH) });
  sprite.texture = crop;
  sprite.setSize(width, height);
  sprite.position.set(0, 0);
  return crop;
}

/** A video slide. */
export class VideoSlide implements SlideView {
  readonly container = new Container();
  private readonly backdrop = new Graphics();
  private readonly posterSprite = new Sprite();
  private readonly videoSprite = new Sprite();
  private video: HTMLVideoElement | null = null;
  private texture: Texture | null = null;
  private poster: Texture | null = null;
  private posterUrl: string | null = null;
  private crops: (Texture | null)[] = [];
  private unregister: (() => void) | null = null;
  private destroyed = false;
  private readonly stall = new StallWatch({
    position: () => this.video?.currentTime ?? 0,
    now: () => performance.now(),
    active: () => document.visibilityState === 'visible',
    stalled: (ms) => this.stalled(`${Math.round(ms / 1000)} 秒没有播放进度`),
  });
  private readonly onError = (): void => this.stalled(`播放出错（${this.video?.error?.code ?? '?'}）`);

  constructor(
    private readonly slide: SlideOf<'video'>,
    private readonly ctx: SlideContext,
  ) {}

  async prepare(): Promise<void> {
    const url = this.slide.mediaUrl;
    if (!url) throw new Error(`slide ${this.slide.id} has no mediaUrl`);
    const video = document.createElement('video');
    video.muted = true;
    video.defaultMuted = true;
    video.playsInline = true;
    video.loop = true;
    video.preload = 'auto';
    video.setAttribute('muted', '');
    video.setAttribute('playsinline', '');
    this.video = video;
    this.unregister = registerMedia(video);
    video.src = url;
    // Settle both, so a failed video never leaves a poster load behind that destroy() cannot free.
    const [frame] = await Promise.allSettled([firstFrame(video), this.loadPoster()]);
    if (frame.status === 'rejected') throw frame.reason;
    if (this.destroyed) return; // the host gave up on us; destroy() freed the element already
    const source = new VideoSource({ resource: video, autoPlay: false, autoLoad: true });
    this.texture = new Texture({ source });
    this.videoSprite.texture = this.texture;
    this.container.addChild(this.backdrop, this.posterSprite, this.videoSprite);
  }

  show(): void {
    const video = this.video;
    if (!video) return;
    if (video.currentTime > 0) video.currentTime = 0;
    // Muted autoplay is always allowed; a refusal still leaves the first frame and the poster.
    video.play().catch((err: unknown) => console.warn('[slide:video] play refused', err));
    video.addEventListener('error', this.onError);
    this.stall.start();
  }

  /**
   * Keeps playing under the outgoing transition: a frozen frame would stutter the fade. Stops
   * watching for stalls though: a skip now would skip the slide that replaces this one.
   */
  hide(): void {
    this.stopWatching();
  }

  animating(): boolean {
    return this.video !== null && !this.video.paused;
  }

  resize(width: number, height: number): void {
    const tex = this.texture;
    if (!tex) return;
    const fit = isStrip(height) ? 'cover' : this.slide.fit;
    this.backdrop.clear().rect(0, 0, width, height).fill(COLORS.tealDark);
    const old = this.crops;
    this.crops = [fitSprite(this.videoSprite, tex, width, height, fit)];
    this.posterSprite.visible = this.poster !== null;
    if (this.poster) this.crops.push(fitSprite(this.posterSprite, this.poster, width, height, fit));
    for (const crop of old) crop?.destroy(false);
  }

  destroy(): void {
    this.destroyed = true;
    this.stopWatching();
    const video = this.video;
    this.video = null;
    if (video) {
      video.pause();
      video.removeAttribute('src');
      // NOTE: without load() after removing src Chromium keeps the decoder and its buffers alive.
      video.load();
    }
    this.unregister?.();
    this.container.destroy({ children: true });
    for (const crop of this.crops) crop?.destroy(false);
    this.crops = [];
    this.texture?.destroy(true);
    this.texture = null;
    this.poster = null;
    if (this.posterUrl) void releaseTexture(this.posterUrl);
    this.posterUrl = null;
  }

  private stopWatching(): void {
    this.stall.stop();
    this.video?.removeEventListener('error', this.onError);
  }

  /** Once per show: the player skips to the next slide and tells the server. */
  private stalled(why: string): void {
    this.stopWatching();
    console.warn(`[slide:video] ${this.slide.id} stalled: ${why}`);
    this.ctx.reportProblem?.({ level: 'warn', code: 'video_stalled', message: `视频「${this.slide.title}」${why}，已跳过`, slideId: this.slide.id, skip: true });
  }

  /** The poster is a nicety: a missing one never stops the video. */
  private async loadPoster(): Promise<void> {
    const url = this.slide.posterUrl;
    if (!url) return;
    try {
      const poster = await acquireTexture(url);
      // Destroyed while loading: destroy() saw no posterUrl, so this reference is ours to drop.
      // (posterUrl is only set once acquired: acquireTexture counts the reference after an await,
      // so a release before that would drop another slide's reference.)
      if (this.destroyed) {
        void releaseTexture(url);
        return;
      }
      this.poster = poster;
      this.posterUrl = url;
      this.posterSprite.texture = this.poster;
    } catch (err) {
      console.warn('[slide:video] poster not loaded', url, err);
    }
  }
}

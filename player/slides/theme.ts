/**
 * The look of every screen: colours, type and the size unit all layouts are measured in.
 * One place, so a LED wall, a portrait kiosk and a 64 px strip stay one family.
 */
import { Text, type TextStyleOptions } from 'pixi.js';

/**
 * The bundled face first (slides/font-loading.ts loads its slices before a view is built), so every
 * screen draws the same letters whatever the device has installed; system CJK faces only as fallback.
 */
export const FONT_FAMILY =
  '"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

/** Palette: State Grid style deep teal on near-white, with red kept for what is urgent. */
export const COLORS = {
  teal: 0x006e5f,
  tealDark: 0x00483f,
  tealLight: 0xe3f1ee,
  gold: 0xc9a227,
  page: 0xf4f8f7,
  card: 0xffffff,
  line: 0xd3e2de,
  ink: 0x1c2b28,
  inkMuted: 0x5a6b67,
  white: 0xffffff,
  red: 0xc8161d,
  redDark: 0x8f0f14,
  amber: 0xc25e00,
  amberLight: 0xfff4e0,
  yellow: 0xffd54a,
} as const;

/** Below this height a screen is a LED strip: one line, no frame. */
export const STRIP_MAX_HEIGHT = 200;

/** Whether a box of this height gets the one-line strip layout. */
export function isStrip(height: number): boolean {
  return height < STRIP_MAX_HEIGHT;
}

/** The base unit: 1/20 of the short side (54 px on a 1080p screen either way up). */
export function unitFor(width: number, height: number): number {
  return Math.max(8, Math.min(width, height) / 20);
}

/** Line height multiplier for CJK body text: generous, as in printed notices. */
export const LINE_HEIGHT = 1.4;

/** A Text in the house font; callers set size and content (usually through fitText). */
export function makeText(style: TextStyleOptions = {}): Text {
  return new Text({
    text: '',
    style: { fontFamily: FONT_FAMILY, fill: COLORS.ink, fontSize: 24, ...style },
  });
}

/** Format a number of pixels as an integer font size (fractional sizes blur on canvas). */
export function px(n: number): number {
  return Math.max(1, Math.round(n));
}

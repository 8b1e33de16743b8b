/**
 * Automatic type size: the largest font size at which a text fits its box, found by binary search.
 * We break lines ourselves (kinsoku rules) and hand pixi the broken text; pixi's own wrap stays on
 * with `breakWords` as a safety net for any glyph our measurement got wrong.
 */
import { CanvasTextMetrics, fontStringFromTextStyle, TextStyle, type Text } from 'pixi.js';
import { breakLines, type Measure } from './kinsoku';
import { LINE_HEIGHT } from './theme';

/** Options of one fit: size bounds in px, a line cap and the line height multiplier. */
export interface FitOptions {
  maxFontSize: number;
  minFontSize?: number;
  maxLines?: number;
  lineHeight?: number;
  /**
   * For centred headings: keep to one line when that costs less than a fifth of the size, and even
   * out line lengths otherwise.
   */
  balance?: boolean;
}

/** What a fit decided, so layouts can place things under the text. */
export interface FitResult {
  fontSize: number;
  lines: string[];
  width: number;
  height: number;
}

let context: CanvasRenderingContext2D | null = null;
const widthCache = new Map<string, number>();

/** A measure function for one font; widths are cached per font and token (CJK text repeats a lot). */
function measureFor(style: TextStyle): Measure {
  context ??= document.createElement('canvas').getContext('2d');
  const font = fontStringFromTextStyle(style);
  const spacing = style.letterSpacing;
  return (s: string): number => {
    const key = `${font}|${s}`;
    let w = widthCache.get(key);
    if (w === undefined) {
      if (!context) return s.length * style.fontSize;
      context.font = font;
      w = context.measureText(s).width + spacing * [...s].length;
      // NOTE: the cache only ever sees the few sizes a binary search tries; cap it so weeks of
      // changing notices cannot grow it without bound.
      if (widthCache.size > 20_000) widthCache.clear();
      widthCache.set(key, w);
    }
    return w;
  };
}

/**
 * Height pixi gives a block of `count` lines: CJK fonts have tall ascent + descent (Noto: ~1.45 em),
 * so the first line takes the larger of the line height and the font's own box.
 */
function blockHeight(count: number, style: TextStyle): number {
  const fontBox = CanvasTextMetrics.measureFont(fontStringFromTextStyle(style)).fontSize || style.fontSize;
  return Math.max(style.lineHeight, fontBox) + (count - 1) * style.lineHeight;
}

/** Width in px of `content` on one line, in `text`'s style at `fontSize` (for proportional columns). */
export function measureLine(text: Text, content: string, fontSize: number): number {
  const probe = text.style.clone();
  probe.fontSize = fontSize;
  const width = Math.max(0, ...content.split('\n').map(measureFor(probe)));
  probe.destroy();
  return width;
}

/** Lay `content` out at one size; null when it does not fit the box. */
function tryLayout(content: string, style: TextStyle, box: { width: number; height: number }, maxLines: number): FitResult | null {
  const measure = measureFor(style);
  const lines = breakLines(content, box.width, measure);
  const height = blockHeight(lines.length, style);
  if (lines.length > maxLines || height > box.height) return null;
  const width = Math.max(0, ...lines.map(measure));
  if (width > box.width * 1.001) return null;
  return { fontSize: style.fontSize, lines, width, height };
}

/** Cut lines down to what fits at the smallest size, ending in an ellipsis: never overflow the box. */
function truncate(content: string, style: TextStyle, box: { width: number; height: number }, maxLines: number): FitResult {
  const measure = measureFor(style);
  let fitLines = Math.max(1, Math.min(maxLines, Math.floor(box.height / style.lineHeight)));
  while (fitLines > 1 && blockHeight(fitLines, style) > box.height) fitLines--;
  const lines = breakLines(content, box.width, measure).slice(0, fitLines);
  let last = lines[lines.length - 1] ?? '';
  while (last.length > 0 && measure(`${last}…`) > box.width) last = [...last].slice(0, -1).join('');
  lines[lines.length - 1] = `${last}…`;
  return { fontSize: style.fontSize, lines, width: Math.max(0, ...lines.map(measure)), height: blockHeight(lines.length, style) };
}

/**
 * The narrowest box that keeps the same number of lines: lines of even length, as CSS
 * `text-wrap: balance` does, instead of a full first line and a lone character after it.
 */
function balance(content: string, style: TextStyle, fit: FitResult, height: number): FitResult {
  let lo = fit.width / fit.lines.length;
  let hi = fit.width;
  let best = fit;
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    const result = tryLayout(content, style, { width: mid, height }, fit.lines.length);
    if (result && result.lines.length === fit.lines.length) {
      best = result;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/**
 * A last line of one or two characters (a widow, "电。") reads badly: narrow the box by two
 * characters so more comes down with it, when the line count stays the same.
 */
function avoidWidow(content: string, style: TextStyle, fit: FitResult, height: number): FitResult {
  const last = fit.lines[fit.lines.length - 1] ?? '';
  if ([...last.trim()].length > 2) return fit;
  const narrower = tryLayout(content, style, { width: fit.width - 2 * style.fontSize, height }, fit.lines.length);
  return narrower && narrower.lines.length === fit.lines.length ? narrower : fit;
}

/**
 * Set `text` to `content` at the largest size that fits `box` (px, in the text's own coordinates).
 * The text keeps its other style properties (weight, colour, alignment).
 */
export function fitText(text: Text, content: string, box: { width: number; height: number }, options: FitOptions): FitResult {
  const ratio = options.lineHeight ?? LINE_HEIGHT;
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const width = Math.max(1, box.width);
  const height = Math.max(1, box.height);
  const probe = text.style.clone();
  const styleAt = (size: number): TextStyle => {
    probe.fontSize = size;
    probe.lineHeight = Math.round(size * ratio);
    return probe;
  };
  let lo = Math.max(1, Math.floor(options.minFontSize ?? 8));
  let hi = Math.max(lo, Math.floor(Math.min(options.maxFontSize, height / ratio + 1)));
  let best: FitResult | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const result = tryLayout(content, styleAt(mid), { width, height }, maxLines);
    if (result) {
      best = result;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const minSize = Math.max(1, Math.floor(options.minFontSize ?? 8));
  let chosen = best ?? truncate(content, styleAt(minSize), { width, height }, maxLines);
  if (best && best.lines.length > 1) {
    if (options.balance) {
      const oneLine = fitText(text, content, box, { ...options, maxLines: 1, balance: false, minFontSize: Math.ceil(best.fontSize * 0.8) });
      if (oneLine.lines.length === 1 && !oneLine.lines[0]!.endsWith('…')) {
        probe.destroy();
        return oneLine;
      }
      chosen = balance(content, styleAt(best.fontSize), best, height);
    } else chosen = avoidWidow(content, styleAt(best.fontSize), best, height);
  }
  text.style.fontSize = chosen.fontSize;
  text.style.lineHeight = Math.round(chosen.fontSize * ratio);
  text.style.wordWrap = true;
  text.style.breakWords = true;
  // Pixi's wrap is only a safety net: a little slack so it never re-breaks what we already broke.
  text.style.wordWrapWidth = width * 1.05 + chosen.fontSize;
  text.text = chosen.lines.join('\n');
  probe.destroy();
  return chosen;
}

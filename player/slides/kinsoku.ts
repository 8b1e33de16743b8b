/**
 * Line breaking for Chinese text (禁则处理): pure functions, no DOM, no pixi, so they are tested alone.
 *
 * Rules: any CJK character may end a line; Latin words and numbers ("A023", "95598", "0.5383") stay
 * whole unless they are wider than a line; a line never starts with closing punctuation and never ends
 * with opening punctuation — the character before is carried down to the next line instead.
 */

/** Marks that must not start a line (closing brackets, sentence and clause punctuation). */
export const NO_LINE_START = new Set([...'，。、；：？！）」』》〉】〕］｝”’…‥·・%％‰℃,.;:?!)]}—–～〜']);
/** Marks that must not end a line (opening brackets and quotes). */
export const NO_LINE_END = new Set([...'（「『《〈【〔［｛“‘([{']);

/** Width of a string in pixels at the current font; injected so tests can use a fixed-width font. */
export type Measure = (s: string) => number;

/** Whether a token may not begin a line. */
export function cannotStartLine(token: string): boolean {
  return token.length > 0 && NO_LINE_START.has(token[0]!);
}

/** Whether a token may not end a line. */
export function cannotEndLine(token: string): boolean {
  return token.length > 0 && NO_LINE_END.has(token[token.length - 1]!);
}

// NOTE: a "word" is a run of Latin letters, digits and the marks that live inside numbers and URLs;
// everything else (CJK, punctuation, spaces) is one token per character.
const WORD = /[A-Za-z0-9\u00C0-\u024F_\-.:/@#&+=~%]/;

/** Units that stay with the number before them: "12月1日" never breaks as "12月1 / 日". */
const NUMBER_UNITS = new Set([...'年月日号时分秒点元角度岁个户档']);

/** Split one paragraph into breakable tokens. */
export function tokenize(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of paragraph) {
    if (NUMBER_UNITS.has(ch) && /\d$/.test(word)) {
      out.push(word + ch);
      word = '';
      continue;
    }
    if (WORD.test(ch) && !(word === '' && NO_LINE_START.has(ch))) {
      word += ch;
      continue;
    }
    if (word) out.push(word);
    word = '';
    out.push(ch);
  }
  if (word) out.push(word);
  return out;
}

/** Break a word wider than the line into pieces that fit, one character at a time. */
function splitLongWord(word: string, maxWidth: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && measure(piece + ch) > maxWidth) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** How many tokens we may carry down to the next line before giving up on a rule. */
const MAX_CARRY = 4;

/** Choose where a line that overflows at `overflowAt` ends, honouring the kinsoku rules. */
function breakPoint(tokens: string[], lineStart: number, overflowAt: number): number {
  // Spaces around a break vanish, so the rule looks through them: "人民 · 服务" must not leave "·" first.
  const violates = (at: number): boolean => {
    let next = at;
    while (tokens[next] === ' ') next++;
    let prev = at - 1;
    while (prev > lineStart && tokens[prev] === ' ') prev--;
    return cannotStartLine(tokens[next] ?? '') || cannotEndLine(tokens[prev]!);
  };
  for (let at = overflowAt; at > lineStart && overflowAt - at <= MAX_CARRY; at--) if (!violates(at)) return at;
  // A run of forbidden marks cannot be fixed by moving characters: break where the line overflowed.
  return overflowAt;
}

function breakParagraph(paragraph: string, maxWidth: number, measure: Measure): string[] {
  const tokens = tokenize(paragraph).flatMap((t) => (t.length > 1 && measure(t) > maxWidth ? splitLongWord(t, maxWidth, measure) : [t]));
  const lines: string[] = [];
  let start = 0;
  while (start < tokens.length) {
    // Spaces left at the start of a wrapped line are dropped, as in every typesetter.
    while (start < tokens.length && lines.length > 0 && tokens[start] === ' ') start++;
    let width = 0;
    let end = start;
    while (end < tokens.length && (end === start || width + measure(tokens[end]!) <= maxWidth)) {
      width += measure(tokens[end]!);
      end++;
    }
    if (end < tokens.length) end = breakPoint(tokens, start, end);
    lines.push(tokens.slice(start, end).join('').trimEnd());
    start = end;
  }
  return lines.length > 0 ? lines : [''];
}

/**
 * Break `text` into lines no wider than `maxWidth` (a single over-wide character may exceed it).
 * Hard line breaks in the text are kept; empty paragraphs stay as empty lines.
 */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap((p) => breakParagraph(p, maxWidth, measure));
}

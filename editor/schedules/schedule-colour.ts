/** One colour per schedule entry, the same on every page and every visit: a hash of its id. */

/** FNV-1a over the id's UTF-16 code units; small, stable and well spread for short ids. */
function hashId(id: string): number {
  let x = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    x ^= id.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** A mid-dark colour that white text reads on; hue and lightness both come from the id. */
export function scheduleColour(id: string): string {
  const x = hashId(id);
  // Golden-angle spread keeps ids that hash close apart in hue.
  const hue = Math.round(((x % 360) * 137.508) % 360);
  const light = 34 + ((x >>> 9) % 3) * 5;
  return `hsl(${hue} 58% ${light}%)`;
}

/** Background for a stretch several entries share: equal stripes of their colours. */
export function sharedBackground(ids: readonly string[]): string {
  if (ids.length === 1) return scheduleColour(ids[0]!);
  const colours = ids.map(scheduleColour);
  const stops = colours.flatMap((c, i) => [`${c} ${i * 8}px`, `${c} ${(i + 1) * 8}px`]);
  return `repeating-linear-gradient(135deg, ${stops.join(', ')})`;
}

/**
 * What changed between two versions of a stored record, as a small JSON patch, and its application:
 * the live journal (live-journal.ts) writes a hall's queue record this way, so a call appends the
 * counter it changed, the call on top of the history and the keys that entered or left the windows,
 * not the whole ~20 KB record (600 KB with full idempotency windows) again.
 *
 * Equality is JSON's: a property holding `undefined` is absent, as it would be in the file. Arrays are
 * patched by splices found from the common head and tail plus the two shapes our lists change by: a
 * window that drops old entries at the front and appends new ones (event ids, call keys), and a
 * history that puts new entries on top and drops the last (recent calls). Anything else is written
 * whole, which is always correct, only bigger.
 */

/** Keys set to a whole value (`s`), patched further (`p`), deleted (`d`). */
export interface ObjectPatch {
  s?: Record<string, unknown>;
  p?: Record<string, Patch>;
  d?: string[];
}
/** Splices applied in order, each as `Array.prototype.splice(at, deleteCount, ...items)`. */
export interface ArrayPatch {
  a: [at: number, deleteCount: number, items: unknown[]][];
}
export type Patch = ObjectPatch | ArrayPatch;

/** How far a window's dropped head (or a history's new top) is looked for: a few writes' worth. */
const SHIFT_SEARCH = 64;

const isRecord = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const definedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => o[k] !== undefined);

const setOwn = (o: Record<string, unknown>, k: string, v: unknown): void => {
  // A key named __proto__ (JSON.parse makes it an own property) must stay one, not become a prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
};

/** Whether `a` and `b` are written to JSON alike. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    // In an array JSON writes `undefined` as null.
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = definedKeys(a);
    if (ka.length !== definedKeys(b).length) return false;
    for (const k of ka) if (b[k] === undefined || !sameJson(a[k], b[k])) return false;
    return true;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

type Diff = 'same' | 'whole' | Patch;

function diffValue(a: unknown, b: unknown): Diff {
  if (a === b) return 'same';
  if (isRecord(a) && isRecord(b)) return diffRecord(a, b) ?? 'same';
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b);
  return sameJson(a, b) ? 'same' : 'whole';
}

/** The patch that turns `before` into `after`, or undefined when they are the same. */
export function diffRecord(before: Record<string, unknown>, after: Record<string, unknown>): ObjectPatch | undefined {
  const s: Record<string, unknown> = {};
  const p: Record<string, Patch> = {};
  const d: string[] = [];
  for (const k of definedKeys(after)) {
    if (before[k] === undefined) {
      setOwn(s, k, after[k]);
      continue;
    }
    const diff = diffValue(before[k], after[k]);
    if (diff === 'whole') setOwn(s, k, after[k]);
    else if (diff !== 'same') setOwn(p, k, diff);
  }
  for (const k of definedKeys(before)) if (after[k] === undefined) d.push(k);
  const patch: ObjectPatch = {};
  if (Object.keys(s).length > 0) patch.s = s;
  if (Object.keys(p).length > 0) patch.p = p;
  if (d.length > 0) patch.d = d;
  return patch.s || patch.p || patch.d ? patch : undefined;
}

function diffArray(a: readonly unknown[], b: readonly unknown[]): Diff {
  const eq = (x: unknown, y: unknown): boolean => sameJson(x ?? null, y ?? null);
  const n = a.length;
  const m = b.length;
  let head = 0;
  while (head < n && head < m && eq(a[head], b[head])) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && eq(a[n - 1 - tail], b[m - 1 - tail])) tail++;
  // The parts that differ: a[head, aEnd) became b[head, bEnd).
  const aEnd = n - tail;
  const bEnd = m - tail;
  if (head === aEnd && head === bEnd) return 'same';
  type Plan = { splices: ArrayPatch['a']; written: number };
  const plans: Plan[] = [{ splices: [[head, aEnd - head, b.slice(head, bEnd)]], written: bEnd - head }];
  // A window: a[j…] goes on as b[head…] (the entries before j left it), new entries after the run.
  for (let j = head + 1; j < Math.min(aEnd, head + 1 + SHIFT_SEARCH) && head < bEnd; j++) {
    if (!eq(a[j], b[head])) continue;
    let run = 1;
    while (j + run < aEnd && head + run < bEnd && eq(a[j + run], b[head + run])) run++;
    plans.push({ splices: [[head, j - head, []], [head + run, aEnd - j - run, b.slice(head + run, bEnd)]], written: bEnd - head - run });
    break;
  }
  // A history: new entries on top, then a[head…] goes on as b[k…], the rest of a dropped.
  for (let k = head + 1; k < Math.min(bEnd, head + 1 + SHIFT_SEARCH) && head < aEnd; k++) {
    if (!eq(a[head], b[k])) continue;
    let run = 1;
    while (head + run < aEnd && k + run < bEnd && eq(a[head + run], b[k + run])) run++;
    plans.push({ splices: [[head, 0, b.slice(head, k)], [k + run, aEnd - head - run, b.slice(k + run, bEnd)]], written: bEnd - head - run });
    break;
  }
  const best = plans.reduce((x, y) => (y.written < x.written ? y : x));
  // Nothing kept: the whole array is as small and simpler to read.
  if (head === 0 && tail === 0 && best.written === m) return 'whole';
  return { a: best.splices.filter(([, del, items]) => del > 0 || items.length > 0) };
}


/** `value` with `patch` applied; `value` itself is left as it was. */
export function applyPatch(value: unknown, patch: Patch): unknown {
  if (Array.isArray((patch as ArrayPatch).a)) {
    // One copy, spliced in place: replay applies thousands of these, and garbage is most of its cost.
    let arr: unknown[] = Array.isArray(value) ? value.slice() : [];
    for (const [at, del, items] of (patch as ArrayPatch).a) {
      if (items.length < 10_000) arr.splice(at, del, ...items);
      else arr = arr.slice(0, at).concat(items, arr.slice(at + del));
    }
    return arr;
  }
  const { s, p, d } = patch as ObjectPatch;
  const out: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  if (s) for (const k of Object.keys(s)) setOwn(out, k, s[k]);
  if (p) for (const k of Object.keys(p)) setOwn(out, k, applyPatch(out[k], p[k]!));
  if (d) for (const k of d) delete out[k];
  return out;
}

/**
 * Per-hall variables in slide text: one district notice says 「欢迎光临{营业厅}，服务热线 {服务热线}」 and
 * every hall's screens read their own name and number. The server fills them in while it builds a
 * screen's manifest (and a preview's), so players never see a placeholder they would have to know about.
 *
 * Rules of `fillVariables` (table in hall-variables.test.ts):
 * - `{名称}` with a name the hall knows becomes its value; an unknown name stays exactly as typed, so
 *   staff see on the preview that something is missing (`{服务电话}` instead of an empty gap).
 * - `{{` and `}}` write a literal `{` and `}`: `{{营业厅}}` shows `{营业厅}`. A lone brace stays as is.
 * - One pass, never recursive: a value that itself contains `{营业厅}` is shown as typed.
 * - Names are 1–12 characters without braces or spaces, Chinese or ASCII alike, case-sensitive.
 */
import { describeHours } from './hours-text';
import { Slide, type Hall, type Layout } from './model';

/** The variables every hall has (or may set), in the order the editor lists them. */
export const BUILTIN_VARIABLES = [
  { key: '营业厅', about: '营业厅名称（自动取营业厅设置）' },
  { key: '营业时间', about: '业务办理区的营业时间（自动取营业时间设置）' },
  { key: '服务热线', about: '在「系统设置 → 文字变量」中填写' },
  { key: '地址', about: '在「系统设置 → 文字变量」中填写' },
] as const;

const TOKEN = /\{\{|\}\}|\{([^{}\s]{1,12})\}/gu;

/** `text` with each `{名称}` the table knows replaced by its value (see the rules above). */
export function fillVariables(text: string, vars: Readonly<Record<string, string>>): string {
  if (!text.includes('{') && !text.includes('}')) return text;
  return text.replace(TOKEN, (match, key: string | undefined) => {
    if (key === undefined) return match[0]!; // `{{` → `{`, `}}` → `}`
    return Object.hasOwn(vars, key) ? vars[key]! : match;
  });
}

/**
 * What each name reads as in `hall`: 营业厅 from its name, 营业时间 from the business area's hours (the
 * first area with hours when 业务办理区 has none; absent when the hall set no hours), then the hall's own
 * variables, which win over the derived ones (a hall may word its hours itself).
 */
export function hallVariables(hall: Pick<Hall, 'name' | 'hours' | 'variables'>): Record<string, string> {
  const vars: Record<string, string> = { 营业厅: hall.name };
  const hours = hall.hours?.counter ?? Object.values(hall.hours ?? {}).find((h) => h !== undefined);
  if (hours) vars['营业时间'] = describeHours(hours);
  for (const [key, value] of Object.entries(hall.variables ?? {})) vars[key] = value;
  return vars;
}

/** Keys that name things (ids, files, times, enums), never text a visitor reads. */
const NOT_TEXT = new Set([
  'id', 'type', 'status', 'level', 'fit', 'transition', 'mediaId', 'mediaUrl', 'posterUrl', 'url', 'imageUrl',
  'slideId', 'priceSlideId', 'serviceIds', 'target', 'home', 'icon', 'area', 'counters', 'tariff',
  'validFrom', 'validTo', 'start', 'end', 'createdAt', 'updatedAt', 'ownerHallIds', 'tags', 'published', 'review', 'rejection',
]);

function fillDeep(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return fillVariables(value, vars);
  if (Array.isArray(value)) {
    const out = value.map((v) => fillDeep(v, vars));
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const next = NOT_TEXT.has(k) ? v : fillDeep(v, vars);
      if (next !== v) changed = true;
      out[k] = next;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * The slide as a hall's screens show it: every visitor-facing text (title, body, slogan, tips, price
 * names and notes, outage region and reason, channel hints, kiosk page texts) filled in. A slide that
 * would break its own limits once filled (a 100-character title plus a long address) goes out as typed,
 * so a screen never refuses the whole manifest over one field; the preview shows staff which one.
 */
export function slideForHall(slide: Slide, vars: Readonly<Record<string, string>>): Slide {
  const filled = fillDeep(slide, vars) as Slide;
  if (filled === slide) return slide;
  return Slide.safeParse(filled).success ? filled : slide;
}

/** The layout with its ticker zones' text filled in (the text a reviewer approved, with this hall's values). */
export function layoutForHall(layout: Layout, vars: Readonly<Record<string, string>>): Layout {
  let changed = false;
  const zones = layout.zones.map((zone) => {
    if (zone.content.type !== 'ticker') return zone;
    const text = fillVariables(zone.content.text, vars);
    if (text === zone.content.text || text.trim().length === 0 || text.length > 1000) return zone;
    changed = true;
    return { ...zone, content: { ...zone.content, text } };
  });
  return changed ? { ...layout, zones } : layout;
}


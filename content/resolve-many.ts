/**
 * Resolves many screens at once (the server's "now playing" views, previews, benchmarks). Screens
 * that match the same entries with the same specificity in the same hall get the same answer, so
 * each such group is resolved once: a district of 10,000 screens has only a few hundred groups.
 */
import type { ExceptionDay, Hall, Playlist, Schedule, Slide } from './model';
import type { Manifest } from './protocol';
import { defaultChain, resolve, type Resolution } from './schedule';
import { compileTarget } from './targeting';

export interface Library {
  halls: readonly Hall[];
  schedules: readonly Schedule[];
  playlists: readonly Playlist[];
  slides: readonly Slide[];
  /** The district's default exception days (节假日), which every hall follows unless it names the date. */
  districtExceptions?: ExceptionDay[];
}

/** What each screen plays at `now`, keyed by screen id. Screens of unknown halls are left out. */
export function resolveMany(lib: Library, screens: readonly Manifest['screen'][], now: number): Map<string, Resolution> {
  const halls = new Map(lib.halls.map((h) => [h.id, h]));
  const playlists = new Map(lib.playlists.map((p) => [p.id, p]));
  const slides = new Map(lib.slides.map((s) => [s.id, s]));
  const groups = new Map<string, { screen: Manifest['screen']; schedules: Schedule[]; ids: string[] }>();
  const compiled = lib.schedules.map((entry, index) => ({ entry, index, ...compileTarget(entry.target) }));
  const byId = compiled.filter((c) => c.entry.target.screenIds?.length);
  // Screens of one hall, area and tag set match the same entries, except entries that list screen ids.
  const byPlace = new Map<string, { key: string; list: typeof compiled }>();
  for (const screen of screens) {
    if (!halls.has(screen.hallId)) continue;
    const placeKey = `${screen.hallId}|${screen.area}|${screen.tags.join(',')}`;
    let place = byPlace.get(placeKey);
    if (!place) {
      const probe = { ...screen, id: '\u0000' };
      const list = compiled.filter((c) => c.matches(probe));
      place = { key: `${screen.hallId}|${list.map((c) => `${c.index}:${c.specificity(probe)}`).join(',')}`, list };
      byPlace.set(placeKey, place);
    }
    // Area and screen default matter beyond targeting: business hours and default content.
    const tail = `|${screen.area}|${screen.defaultPlaylistId ?? ''}`;
    let key = place.key + tail;
    let list = place.list;
    const hits = byId.filter((c) => c.matches(screen) && c.specificity(screen) === 3);
    if (hits.length > 0) {
      const extra = new Set(hits.map((c) => c.index));
      list = compiled.filter((c) => extra.has(c.index) || place.list.includes(c));
      key = `${screen.hallId}|${list.map((c) => `${c.index}:${extra.has(c.index) ? 3 : c.specificity(screen)}`).join(',')}${tail}`;
    }
    const group = groups.get(key);
    if (group) group.ids.push(screen.id);
    else groups.set(key, { screen, schedules: list.map((c) => c.entry), ids: [screen.id] });
  }
  const out = new Map<string, Resolution>();
  for (const { screen, schedules, ids } of groups.values()) {
    const hall = halls.get(screen.hallId)!;
    const fallbacks = defaultChain(hall, screen).map((d) => d.playlistId);
    const pl = [...new Set([...schedules.map((s) => s.playlistId), ...fallbacks])].flatMap((id) => playlists.get(id) ?? []);
    const sl = [...new Set(pl.flatMap((p) => p.items.map((i) => i.slideId)))].flatMap((id) => slides.get(id) ?? []);
    const manifest: Manifest = { version: '', generatedAt: '', screen, hall, schedules, playlists: pl, slides: sl, overrides: [], layouts: [], assets: [], ...(lib.districtExceptions && { districtExceptions: lib.districtExceptions }) };
    const result = resolve(manifest, now);
    for (const id of ids) out.set(id, result);
  }
  return out;
}

/**
 * Builds a screen's manifest: its hall, the schedules that target it, the layouts they name, the
 * playlists (schedules', defaults', zones') and approved slides they use, the media files those slides
 * show (for the player's offline cache) and the overrides active for it. Only approved content ever
 * leaves the server: each slide goes out as its on-air version (the published copy while an edit of it
 * waits for review; see content/slide-versions.ts), each layout with reviewed ticker text only
 * (content/ticker-review.ts). Slide and ticker text go out with the hall's variables filled in
 * (content/hall-variables.ts): the hall is part of the hashed body, so a variable edit changes the
 * version and every screen of that hall gets (and caches) the new text like any other content change.
 */
import { createHash } from 'node:crypto';
import { hallVariables, layoutForHall, slideForHall } from '../content/hall-variables';
import { kioskSlideRefs } from '../content/kiosk-model';
import { slideFiles } from '../content/slide-files';
import { DISTRICT_SETTINGS_ID, type ExceptionDay, type Media, type Slide } from '../content/model';
import { addDays, wallClock } from '../content/wall-clock';
import type { Asset, Manifest } from '../content/protocol';
import { defaultChain } from '../content/schedule';
import { onAirVersion } from '../content/slide-versions';
import { layoutOnAir } from '../content/ticker-review';
import { targetsScreen } from '../content/targeting';
import type { StoreReader } from './store/store';

/** An override is live until its `expiresAt` (none = until cleared). */
export const overrideLive = (o: { expiresAt?: string }, now: number): boolean =>
  o.expiresAt === undefined || Date.parse(o.expiresAt) > now;

/** The manifest for `screenId` at `now`, or undefined if the screen (or its hall) is gone. */
export function buildManifest(
  store: StoreReader,
  screenId: string,
  now: number,
  /** For explanations only (`/resolve`): keep unapproved slides so the trace can say why they are skipped. */
  opts: { allSlides?: boolean } = {},
): Manifest | undefined {
  const stored = store.get('screens', screenId);
  if (!stored) return undefined;
  const { keyGeneration: _secretish, devices: _secret, ...screen } = stored;
  return manifestFor(store, screen, now, opts);
}

/** The manifest for any screen-shaped target (a real screen, or a whole area for the editor's calendar). */
export function manifestFor(store: StoreReader, screen: Manifest['screen'], now: number, opts: { allSlides?: boolean } = {}): Manifest | undefined {
  const hall = store.get('halls', screen.hallId);
  if (!hall) return undefined;
  const schedules = store.list('schedules').filter((s) => targetsScreen(s.target, screen));
  const layoutIds = new Set([...schedules.flatMap((s) => s.layoutId ?? []), ...(screen.layoutId ? [screen.layoutId] : [])]);
  const vars = hallVariables(hall);
  const layouts = store.list('layouts').filter((l) => layoutIds.has(l.id)).map((l) => layoutForHall(layoutOnAir(l), vars));
  const playlistIds = new Set([
    ...schedules.map((s) => s.playlistId),
    ...defaultChain(hall, screen).map((d) => d.playlistId),
    ...layouts.flatMap((l) => l.zones.flatMap((z) => (z.content.type === 'playlist' ? [z.content.playlistId] : []))),
  ]);
  const playlists = store.list('playlists').filter((p) => playlistIds.has(p.id));
  const slideIds = new Set(playlists.flatMap((p) => p.items.map((i) => i.slideId)));
  // Kiosk apps show other slides as pages (and price slides drive their calculator).
  for (const id of [...slideIds]) {
    const stored = store.get('slides', id);
    const s = stored && onAirVersion(stored);
    if (s?.type === 'kioskApp' && (opts.allSlides || s.status === 'approved')) for (const ref of kioskSlideRefs(s.pages)) slideIds.add(ref);
  }
  const slides = store
    .list('slides')
    .filter((s) => slideIds.has(s.id))
    .map(onAirVersion)
    .filter((s) => opts.allSlides || (s.status === 'approved' && !(s.validTo && Date.parse(s.validTo) <= now)))
    .map((s) => slideForHall(s, vars));
  const overrides = store.list('overrides').filter((o) => targetsScreen(o.target, screen) && overrideLive(o, now));
  const assets = assetsOf(store, slides);
  const districtExceptions = districtExceptionsFrom(store, hall.timezone, now);
  return sealManifest({ screen, hall, schedules, playlists, slides, overrides, layouts, assets, ...(districtExceptions.length ? { districtExceptions } : {}) }, now);
}

/**
 * The district's exception days a screen still needs: from yesterday in the hall's calendar on (an
 * overnight window of yesterday can reach into today). Past dates would only grow every manifest.
 */
export function districtExceptionsFrom(store: StoreReader, timeZone: string, now: number): ExceptionDay[] {
  const from = addDays(wallClock(now, timeZone).date, -1);
  return (store.get('district', DISTRICT_SETTINGS_ID)?.exceptions ?? []).filter((d) => d.date >= from);
}

/** Stamps a manifest body with its content hash, so equal manifests have equal versions. */
export function sealManifest(body: Omit<Manifest, 'version' | 'generatedAt'>, now: number): Manifest {
  const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22);
  return { version, generatedAt: new Date(now).toISOString(), ...body };
}

/** The files `slides` show, each once, with its sha256 where the pipeline recorded it. */
export function assetsOf(store: StoreReader, slides: readonly Slide[]): Asset[] {
  const byUrl = new Map<string, Asset>();
  const media = new Map<string, Media>();
  for (const m of store.list('media')) media.set(m.id, m);
  for (const slide of slides)
    for (const { mediaId, url } of slideFiles(slide)) {
      const m = media.get(mediaId);
      if (!url || byUrl.has(url)) continue;
      const rendition = m?.renditions.find((r) => r.url === url);
      const sha256 = rendition ? rendition.sha256 : m && url === m.url ? m.sha256 : undefined;
      const bytes = rendition ? rendition.bytes : m && url === m.url ? m.bytes : undefined;
      byUrl.set(url, { url, ...(sha256 && { sha256 }), ...(bytes !== undefined && { bytes }) });
    }
  return [...byUrl.values()];
}

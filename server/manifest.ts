/**
 * Builds a screen's manifest: its hall, the schedules that target it, the playlists and approved
 * slides they use, and the overrides active for it. Only approved content ever leaves the server.
 */
import { createHash } from 'node:crypto';
import type { Manifest } from '../content/protocol';
import { defaultChain } from '../content/schedule';
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
  const { keyGeneration: _secretish, ...screen } = stored;
  return manifestFor(store, screen, now, opts);
}

/** The manifest for any screen-shaped target (a real screen, or a whole area for the editor's calendar). */
export function manifestFor(store: StoreReader, screen: Manifest['screen'], now: number, opts: { allSlides?: boolean } = {}): Manifest | undefined {
  const hall = store.get('halls', screen.hallId);
  if (!hall) return undefined;
  const schedules = store.list('schedules').filter((s) => targetsScreen(s.target, screen));
  const playlistIds = new Set([...schedules.map((s) => s.playlistId), ...defaultChain(hall, screen).map((d) => d.playlistId)]);
  const playlists = store.list('playlists').filter((p) => playlistIds.has(p.id));
  const slideIds = new Set(playlists.flatMap((p) => p.items.map((i) => i.slideId)));
  const slides = store
    .list('slides')
    .filter((s) => slideIds.has(s.id) && (opts.allSlides || (s.status === 'approved' && !(s.validTo && Date.parse(s.validTo) <= now))));
  const overrides = store.list('overrides').filter((o) => targetsScreen(o.target, screen) && overrideLive(o, now));
  const body = { screen, hall, schedules, playlists, slides, overrides };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22);
  return { version, generatedAt: new Date(now).toISOString(), ...body };
}

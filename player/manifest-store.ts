/**
 * The last manifest, kept in localStorage per screen, so a reload while the server is down boots
 * straight into the content it was playing. What comes back is validated like any wire input:
 * a stored manifest from an older player version that no longer parses is discarded, not trusted.
 */
import { Manifest } from '../content/protocol';

const keyFor = (screenId: string): string => `hall-signage:manifest:${screenId}`;

/** The stored manifest of `screenId`, or null when there is none or it no longer parses. */
export function loadManifest(screenId: string): Manifest | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(keyFor(screenId));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed = Manifest.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    console.warn('[store] stored manifest is invalid, discarding', parsed.error.issues.slice(0, 3));
  } catch {
    console.warn('[store] stored manifest is not JSON, discarding');
  }
  localStorage.removeItem(keyFor(screenId));
  return null;
}

/** Keep `manifest` for the next boot; a full or blocked storage only costs offline boot. */
export function saveManifest(screenId: string, manifest: Manifest): void {
  try {
    localStorage.setItem(keyFor(screenId), JSON.stringify(manifest));
  } catch (err) {
    console.warn('[store] cannot keep the manifest for offline boot', err);
  }
}

/** Forget the manifest of `screenId` (a revoked device starts over as a new one). */
export function forgetManifest(screenId: string): void {
  try {
    localStorage.removeItem(keyFor(screenId));
  } catch {
    // Blocked storage holds nothing to forget.
  }
}

/**
 * Reference-counted image textures. Two slides may show the same picture (consecutive slides, or a
 * slide re-shown after an edit): the outgoing one must not unload a texture the incoming one uses.
 * The last release calls `Assets.unload(url)` — destroying sprites alone leaks the GPU upload.
 */
import { Assets, type Texture } from 'pixi.js';

interface Entry {
  count: number;
  texture: Promise<Texture>;
}

const entries = new Map<string, Entry>();
/** Unloads in flight: a new acquire of the same URL waits for them, so it never gets a dead texture. */
const unloading = new Map<string, Promise<void>>();

/** Load (or share) the texture at `url`; pair every call with one `releaseTexture(url)`. */
export async function acquireTexture(url: string): Promise<Texture> {
  await unloading.get(url);
  let entry = entries.get(url);
  if (!entry) {
    // NOTE: media URLs are content-addressed and may lack an extension, so name the parser.
    const texture = Assets.load<Texture>({ alias: url, src: url, parser: 'texture' });
    entry = { count: 0, texture };
    entries.set(url, entry);
    texture.catch(() => {
      if (entries.get(url) === entry) entries.delete(url);
    });
  }
  entry.count++;
  return entry.texture;
}

/** Drop one reference; the last one frees the texture and its GPU memory. */
export async function releaseTexture(url: string): Promise<void> {
  const entry = entries.get(url);
  if (!entry) return;
  entry.count--;
  if (entry.count > 0) return;
  entries.delete(url);
  const done = entry.texture
    .then(() => Assets.unload(url))
    .catch((err: unknown) => console.warn('[slide:image] unload failed', url, err))
    .finally(() => unloading.delete(url));
  unloading.set(url, done);
  await done;
}

/** How many textures are held, for health reports and leak tests. */
export function heldTextureCount(): number {
  return entries.size;
}

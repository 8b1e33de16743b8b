/**
 * Lowers the volume of the page's videos while a call is announced, and restores it afterwards.
 * Applies to every `<video>` in the document and to any element registered with `registerMedia`
 * (pixi's video textures keep their element outside the DOM). Harmless when there is none.
 */

/** Fraction of its own volume a video keeps while a call is spoken. */
export const DUCK_FACTOR = 0.2;

const registered = new Set<HTMLMediaElement>();
const original = new WeakMap<HTMLMediaElement, number>();

/** Make a media element the page plays (outside the DOM) subject to ducking; returns an unregister. */
export function registerMedia(media: HTMLMediaElement): () => void {
  registered.add(media);
  return () => {
    registered.delete(media);
    const volume = original.get(media);
    if (volume !== undefined) media.volume = volume;
    original.delete(media);
  };
}

function mediaOfPage(doc: Document): HTMLMediaElement[] {
  return [...new Set<HTMLMediaElement>([...doc.querySelectorAll('video'), ...registered])];
}

/** A duck(on) function for the announcer; `exclude` is the announcer's own audio element. */
export function createDucker(exclude: HTMLMediaElement, doc: Document = document): (on: boolean) => void {
  let ducked: HTMLMediaElement[] = [];
  return (on) => {
    if (on) {
      for (const media of mediaOfPage(doc)) {
        if (media === exclude || original.has(media)) continue;
        original.set(media, media.volume);
        media.volume = media.volume * DUCK_FACTOR;
        ducked.push(media);
      }
      return;
    }
    for (const media of ducked) {
      const volume = original.get(media);
      if (volume !== undefined) media.volume = volume;
      original.delete(media);
    }
    ducked = [];
  };
}

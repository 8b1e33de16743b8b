/**
 * Preview mode: the editor embeds the real player (`/player/?preview=1`) in an iframe sized to the target
 * screen and feeds it a manifest over `postMessage`, so what staff see is what plays. The player in
 * preview mode opens no socket, keeps nothing in storage and reports what it shows back to the editor.
 */
import { z } from 'zod';
import { Manifest } from './protocol';
import { QueueState } from './queue';

/** Editor → player (iframe). */
export const PreviewCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('preview.manifest'), manifest: Manifest, queueState: QueueState.optional(), now: z.number().optional() }),
  /** Jump to an item of the main zone (the editor's "show this slide" button). */
  z.object({ type: z.literal('preview.show'), slideId: z.string() }),
]);
export type PreviewCommand = z.infer<typeof PreviewCommand>;

/** Player (iframe) → editor. */
export const PreviewEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('preview.ready') }),
  z.object({ type: z.literal('preview.shown'), slideId: z.string(), title: z.string() }),
  z.object({ type: z.literal('preview.error'), message: z.string() }),
]);
export type PreviewEvent = z.infer<typeof PreviewEvent>;

/** `POST /api/preview/manifest` (editor session): a manifest for a screen that does not exist (yet). */
export const PreviewRequest = z.object({
  /** Preview as this screen (its hall, area, size); else `hallId` + `kind`. */
  screenId: z.string().optional(),
  hallId: z.string().optional(),
  kind: z.enum(['ledWall', 'ledStrip', 'tv', 'kiosk']).optional(),
  /** A stored layout, or an unsaved one from the layout editor (validated like a saved one). */
  layoutId: z.string().optional(),
  layout: z.unknown().optional(),
  /** What the main zone plays: a stored playlist, stored slides, or one unsaved slide from the slide form. */
  playlistId: z.string().optional(),
  slideIds: z.array(z.string()).max(500).optional(),
  slide: z.unknown().optional(),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

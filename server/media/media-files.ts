/**
 * `/media/<sha256>/<file>`: what screens load — WebP renditions, thumbnails, video posters and videos — for anyone
 * (players fetch them without a session), content-addressed and so cached for a year. An uploaded image's
 * original keeps whatever the camera or phone wrote into it (EXIF GPS position, device, XMP); screens never need
 * it (slides and kiosk pages name a rendition, made without metadata), so it is for signed-in staff only.
 * Videos have no renditions: the uploaded file is what screens play, so it stays public (see server/CONTEXT.md).
 */
import { Router } from 'express';
import { authenticate, createPrincipalResolver, requireUser } from '../auth/principal';
import type { StoreReader } from '../store/store';
import type { MediaStore } from './media-store';

/** An image's original as the pipeline names it (`original.<ext>` of a sniffed image type). */
export const IMAGE_ORIGINAL = /^original\.(jpg|png|gif|webp|avif)$/;

/** The `/media` router over the media store. */
export function mediaFiles(store: StoreReader, clock: () => number, media: MediaStore): Router {
  const router = Router();
  const signIn = authenticate(createPrincipalResolver(store, clock));
  router.get('/:sha/:file', (req, res, next) => {
    if (!IMAGE_ORIGINAL.test(req.params.file as string)) return next();
    signIn(req, res, () => {
      requireUser(res);
      // A shared cache (a proxy in the hall) must not hand a staff-only file to the next client; the store's
      // handler keeps a Cache-Control already set.
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      next();
    });
  });
  router.use(media.serve());
  return router;
}

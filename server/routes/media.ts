/** Media uploads (multipart, streamed to disk by multer) and the media library list. */
import path from 'node:path';
import { Router } from 'express';
import multer from 'multer';
import type { Media } from '../../content/model';
import { actorName, allow } from '../auth/principal';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { newId } from '../ids';
import { ingestMedia } from '../media/pipeline';

export function mediaRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const mediaDir = path.join(ctx.dataDir, 'media');
  const upload = multer({ dest: path.join(ctx.dataDir, 'tmp'), limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10 } });
  const router = Router();

  router.get('/', allow(), (_req, res) => {
    res.json(store.list('media'));
  });

  router.post('/', allow('admin', 'editor'), upload.single('file'), async (req, res) => {
    const file = req.file;
    if (!file) throw new HttpError(400, 'no_file', '请用 multipart/form-data 上传，文件字段名为 file');
    const widths = [...new Set(store.list('screens').map((s) => Math.max(s.resolution.width, s.resolution.height)))];
    const stored = await ingestMedia(file.path, mediaDir, widths);
    const existing = store.list('media').find((m) => m.sha256 === stored.sha256);
    if (existing) return void res.status(201).json(existing);
    const media: Media = {
      id: newId('med'),
      name: Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 200),
      createdAt: new Date(clock()).toISOString(),
      ...stored,
    };
    await store.transact((tx) => tx.insert('media', media));
    audit.write({ who: actorName(res), action: 'media.upload', id: media.id, sha256: media.sha256 });
    bus.publish({ type: 'changed', collection: 'media' });
    res.status(201).json(media);
  });
  return router;
}

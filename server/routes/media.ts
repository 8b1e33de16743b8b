/**
 * The media library: uploads (multipart, streamed to disk by multer, then the pipeline), video
 * posters captured by the editor, names and tags, and deletion (refused while a slide uses it).
 * Lists carry each media's `usage` (count) and `usedBy` (the slides, with their type so a kiosk app
 * links to its own editor) — computed, never stored.
 */
import { rm } from 'node:fs/promises';
import { Router, type RequestHandler, type Response } from 'express';
import multer, { MulterError } from 'multer';
import { z } from 'zod';
import { Media, type Slide } from '../../content/model';
import { slideFiles } from '../../content/slide-files';
import { actorName, requireUser } from '../auth/principal';
import type { Action } from '../policy/access';
import { hallsOfContent } from '../policy/object-halls';
import { guard, ownerHalls, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import { ingestMedia, renditionWidths } from '../media/pipeline';
import { makePoster } from '../media/poster';
import { parseBody } from '../validate';

const Tag = z.string().trim().min(1, '标签不能为空').max(40, '标签至多 40 字');
const MediaPatch = z.strictObject({
  name: z.string().trim().min(1, '名称不能为空').max(200, '名称至多 200 字').optional(),
  tags: z.array(Tag).max(32, '标签至多 32 个').optional(),
});
const Kind = z.enum(['image', 'video']);

/** A record the store would refuse on its next load would stop the server starting: refuse it now. */
function checkRecord(record: Media): void {
  const parsed = Media.safeParse(record);
  if (parsed.success) return;
  const where = parsed.error.issues[0]?.path.map(String).join('.') || '?';
  throw new HttpError(422, 'bad_media_record', `文件头中的信息（${where}）超出允许范围，无法入库，请重新导出该文件后上传`);
}

/** The file types the pipeline takes (it sniffs the bytes too; this is what the browser checks first). */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif', 'video/mp4', 'video/webm'];

/** multer hands the original name over as latin1 bytes. */
const uploadedName = (original: string): string => Buffer.from(original, 'latin1').toString('utf8').slice(0, 200) || '未命名';

export function mediaRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const upload = multer({ dest: ctx.uploadDir, limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10 } });
  const limitMb = Math.round((ctx.maxUploadBytes / 1024 / 1024) * 10) / 10;
  const router = Router();

  /** Receives the one file of field `file`; multer deletes a partial file when it stops early. */
  const receive: RequestHandler = (req, res, next) =>
    upload.single('file')(req, res, (err: unknown) => {
      if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'file_too_large', `文件超过 ${limitMb} MB 上限，请压缩后再上传`));
      next(err);
    });
  /** Slides by the media they show, built once per request (a library lists thousands). */
  const usageIndex = () => {
    const index = new Map<string, { id: string; title: string; type: string }[]>();
    for (const s of store.list('slides'))
      for (const mediaId of new Set(slideFiles(s).map((f) => f.mediaId))) index.set(mediaId, [...(index.get(mediaId) ?? []), { id: s.id, title: s.title, type: s.type }]);
    return index;
  };
  const withUsage = (m: Media, index = usageIndex()) => {
    const usedBy = index.get(m.id) ?? [];
    return { ...m, usage: usedBy.length, usedBy };
  };
  const changed = (action: string, id: string, who: string, extra: object = {}) => {
    audit.write({ who, action, id, ...extra });
    bus.publish({ type: 'changed', collection: 'media' });
  };

  /** The stored media when the caller may act on it (hall scope, policy.ts). */
  const scoped = (res: Response, id: string, action: Action): Media | undefined => {
    const m = store.get('media', id);
    if (m) guard(res, action, hallsOfContent(m));
    return m;
  };

  /** What the browser checks before sending a file, so a too-big one is refused before any byte goes out. */
  router.get('/limits', permit('read'), (_req, res) => {
    res.json({ maxUploadBytes: ctx.maxUploadBytes, types: UPLOAD_TYPES });
  });

  router.get('/', permit('read'), (req, res) => {
    const see = seen(res);
    const kind = req.query.kind === undefined ? undefined : Kind.safeParse(req.query.kind).data;
    if (req.query.kind !== undefined && !kind) throw new HttpError(400, 'bad_kind', 'kind 只能是 image 或 video');
    const q = typeof req.query.q === 'string' ? req.query.q.trim().toLowerCase() : '';
    const hits = store
      .list('media')
      .filter((m) => see(hallsOfContent(m)) && (!kind || m.kind === kind))
      .filter((m) => !q || m.name.toLowerCase().includes(q) || (m.tags ?? []).some((t) => t.toLowerCase().includes(q)));
    const index = usageIndex();
    res.json(hits.map((m) => withUsage(m, index)));
  });

  router.get('/:id', permit('read'), (req, res) => {
    const m = scoped(res, req.params.id as string, 'read');
    if (!m) throw notFound('素材', req.params.id as string);
    res.json(withUsage(m));
  });

  router.post('/', permit('content.write'), receive, async (req, res) => {
    const file = req.file;
    if (!file) throw new HttpError(400, 'no_file', '请用 multipart/form-data 上传，文件字段名为 file');
    const known = (sha: string) => store.list('media').some((m) => m.sha256 === sha);
    const result = await ingestMedia(file.path, ctx.media, renditionWidths(store.list('screens')), known);
    const sha = 'duplicateOf' in result ? result.duplicateOf : result.stored.sha256;
    const record: Media | undefined = 'stored' in result ? {
      id: newId('med'),
      name: uploadedName(file.originalname),
      tags: [],
      createdAt: new Date(clock()).toISOString(),
      ...result.stored,
      ...ownerHalls(res),
    } : undefined;
    if (record) {
      try {
        checkRecord(record);
      } catch (err) {
        // The files were just moved into place; keep them only if another upload of the same bytes owns them.
        if (!store.list('media').some((m) => m.sha256 === sha)) await ctx.media.remove(sha);
        throw err;
      }
    }
    const see = seen(res);
    let added = false;
    const media = await store.transact((tx) => {
      const same = tx.list('media').filter((m) => m.sha256 === sha);
      // The same bytes already uploaded where the uploader sees them: that record (no second copy).
      const visible = same.find((m) => see(hallsOfContent(m)));
      if (visible) return visible;
      added = true;
      if (record) return tx.insert('media', record);
      const other = same[0];
      if (!other) return undefined;
      // Uploaded first in a hall this user cannot see: a record of their own on the same files, so
      // neither hall learns of the other's upload and each deletes only its own.
      const { ownerHallIds: _theirs, ...files } = other;
      return tx.insert('media', { ...files, id: newId('med'), name: uploadedName(file.originalname), tags: [], createdAt: new Date(clock()).toISOString(), ...ownerHalls(res) });
    });
    // The file vanished between the check and the write (deleted meanwhile): ask for a retry.
    if (!media) throw new HttpError(409, 'retry', '素材刚被删除，请重新上传');
    if (added) changed('media.upload', media.id, actorName(res), { sha256: media.sha256 });
    res.status(201).json(withUsage(media));
  });

  router.post('/:id/poster', permit('content.write'), receive, async (req, res) => {
    const id = req.params.id as string;
    const file = req.file;
    let m: Media | undefined;
    try {
      m = scoped(res, id, 'content.write');
    } catch (err) {
      if (file) await rm(file.path, { force: true });
      throw err;
    }
    if (!m || m.kind !== 'video') {
      if (file) await rm(file.path, { force: true });
      if (!m) throw notFound('素材', id);
      throw new HttpError(400, 'not_a_video', '只有视频素材可以设置封面');
    }
    if (!file) throw new HttpError(400, 'no_file', '请用 multipart/form-data 上传封面图片，文件字段名为 file');
    // The new poster reaches approved slides without review, so only an admin may change what they show.
    const checkReviewer = (slides: readonly Slide[]): void => {
      if (requireUser(res).role === 'admin') return;
      const approved = slides.filter((s) => s.status === 'approved' && slideFiles(s).some((f) => f.mediaId === id));
      if (approved.length > 0)
        throw new HttpError(403, 'admin_required', `该视频已用于审核通过的幻灯片「${approved.map((s) => s.title).join('」「')}」，只有管理员可以更换它的封面`);
    };
    try {
      checkReviewer(store.list('slides'));
    } catch (err) {
      await rm(file.path, { force: true });
      throw err;
    }
    const urls = await makePoster(file.path, ctx.media, m.sha256);
    const updated = await store.transact((tx) => {
      const cur = tx.get('media', id);
      if (!cur) throw notFound('素材', id);
      checkReviewer(tx.list('slides'));
      const next = { ...cur, ...urls };
      checkRecord(next);
      // Slides copy the poster URL when saved; keep them current without sending them back to review.
      for (const s of tx.list('slides')) if (s.type === 'video' && s.mediaId === id) tx.replace('slides', { ...s, posterUrl: urls.posterUrl });
      return tx.replace('media', next);
    });
    changed('media.poster', id, actorName(res));
    bus.publish({ type: 'changed', collection: 'slides' });
    res.json(withUsage(updated));
  });

  router.patch('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    const patch = parseBody(req, MediaPatch);
    const updated = await store.transact((tx) => {
      const cur = tx.get('media', id);
      if (!cur) throw notFound('素材', id);
      return tx.replace('media', { ...cur, ...(patch.name !== undefined && { name: patch.name }), ...(patch.tags && { tags: [...new Set(patch.tags)] }) });
    });
    changed('media.update', id, actorName(res));
    res.json(withUsage(updated));
  });

  router.delete('/:id', permit('content.write'), async (req, res) => {
    const id = req.params.id as string;
    scoped(res, id, 'content.write');
    const removed = await store.transact((tx) => {
      const cur = tx.get('media', id);
      if (!cur) throw notFound('素材', id);
      const users = tx.list('slides').filter((s) => slideFiles(s).some((f) => f.mediaId === id));
      if (users.length > 0) throw new HttpError(409, 'in_use', `素材仍被幻灯片「${users.map((s) => s.title).join('」「')}」使用，请先删除或更换这些幻灯片`);
      tx.remove('media', id);
      return cur;
    });
    // Another hall's record of the same bytes keeps the files.
    if (!store.list('media').some((m) => m.sha256 === removed.sha256)) await ctx.media.remove(removed.sha256);
    changed('media.delete', id, actorName(res), { sha256: removed.sha256 });
    res.status(204).end();
  });
  return router;
}

/**
 * Screenshots. Players upload over HTTP (`POST /api/player/screenshot`, body = the image) and prove
 * which screen they are with `x-screen-id` + `x-screen-key` (the same keys as on the socket), so a
 * device can only ever write its own screen's pictures. Staff list and view them with their session.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Screen } from '../../content/model';
import { credentialFor } from '../auth/device-keys';
import { actorName } from '../auth/principal';
import type { Action } from '../policy/access';
import { guard, permit } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { localRateLimits } from '../pairing/rate-limit';
import { createScreenshotFiles } from '../screenshot-files';
import { sniffMedia } from '../media/sniff';

/** Largest upload: a 4K PNG of busy content stays well under this. */
export const SCREENSHOT_MAX_BYTES = 8 * 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/webp', 'image/jpeg'];
/** What the bytes must be, whatever the Content-Type said: an SVG sent as image/png would reach the decoder. */
const SCREENSHOT_FORMATS = new Set<string>(IMAGE_TYPES);
/** Uploads per screen per minute: on-demand shots are rare; more than this is a loop gone wrong. */
const UPLOADS_PER_MINUTE = 12;
/** Failed key checks per client address per minute before it is turned away unheard. */
export const KEY_FAILURES_PER_MINUTE = 20;

export function screenshotRoutes(ctx: AppContext) {
  const { store, clock, players, logger } = ctx;
  const files = createScreenshotFiles(ctx.screenshotDir);
  // Cluster: counted in Redis, so a looping player or a key guesser is not given one allowance per instance.
  const limits = ctx.rateLimits ?? localRateLimits;
  const perScreen = limits('screenshot-uploads', { limit: UPLOADS_PER_MINUTE, windowMs: 60_000, clock });
  const keyFailures = limits('device-key-failures', { limit: KEY_FAILURES_PER_MINUTE, windowMs: 60_000, clock });

  // After a restart the wall shows each screen's last picture until a new one arrives.
  void files
    .latestAll()
    .then((latest) => {
      for (const [id, shot] of latest)
        if (store.get('screens', id) && !players.status(id).screenshotAt) players.patchStatus(id, { screenshotUrl: shot.thumbUrl, screenshotAt: shot.at });
    })
    .catch((err) => logger.warn({ err }, '[screenshots] could not read the last screenshots'));

  const header = (req: Request, name: string): string | undefined => {
    const v = req.get(name);
    return v && v.length <= 256 ? v : undefined;
  };

  /**
   * Checks the device key from the headers before any of the body is read, so a stranger cannot make
   * the server buffer 8 MB per request; a refused request closes its connection instead of draining it.
   */
  const deviceKeyFirst: RequestHandler = async (req, res, next) => {
    const ip = req.ip ?? 'unknown';
    const refuse = (err: HttpError): never => {
      res.setHeader('Connection', 'close');
      throw err;
    };
    if (await keyFailures.over(ip)) refuse(new HttpError(429, 'too_many_key_failures', '设备密钥错误次数过多，请 1 分钟后再试'));
    const screenId = header(req, 'x-screen-id');
    const key = header(req, 'x-screen-key');
    const screen = screenId ? store.get('screens', screenId) : undefined;
    if (screenId && key && screen && credentialFor(ctx.secret, screen, key)) {
      res.locals.screen = screen;
      return next();
    }
    if (!(await keyFailures.hit(ip))) refuse(new HttpError(429, 'too_many_key_failures', '设备密钥错误次数过多，请 1 分钟后再试'));
    if (!screenId || !key) refuse(new HttpError(401, 'device_key_missing', '请在请求头 x-screen-id 与 x-screen-key 中提供屏幕编号和设备密钥'));
    refuse(new HttpError(401, 'bad_device_key', '设备密钥无效或已吊销'));
  };

  /** Mounted at `/api/player`: what devices call. */
  const upload = Router();
  upload.post('/screenshot', deviceKeyFirst, express.raw({ type: IMAGE_TYPES, limit: SCREENSHOT_MAX_BYTES }), async (req, res) => {
    const screen = res.locals.screen as Screen;
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new HttpError(415, 'unsupported_image', '截图须为 PNG、WebP 或 JPEG，并设置对应的 Content-Type（如 image/png）');
    const sniffed = sniffMedia(req.body.subarray(0, 64));
    if (!sniffed || !SCREENSHOT_FORMATS.has(sniffed.mime))
      throw new HttpError(400, 'bad_image', '截图内容不是 PNG、WebP 或 JPEG 图像（按文件内容判断，而非 Content-Type）');
    if (!(await perScreen.hit(screen.id))) throw new HttpError(429, 'too_many_screenshots', `每块屏幕每分钟最多上传 ${UPLOADS_PER_MINUTE} 张截图`);
    const shot = await files.save(screen.id, req.body, clock());
    players.patchStatus(screen.id, { screenshotUrl: shot.thumbUrl, screenshotAt: shot.at });
    res.status(201).json(shot);
  });

  /** Mounted at `/api/screens`: what staff call. */
  const browse = Router();
  const screenOr404 = (id: string, res: Response, action: Action) => {
    const screen = store.get('screens', id) ?? (() => { throw notFound('屏幕', id); })();
    guard(res, action, [screen.hallId]);
    return screen;
  };
  browse.get('/:id/screenshots', permit('read'), async (req, res) => {
    const screen = screenOr404(req.params.id as string, res, 'read');
    res.json(await files.list(screen.id));
  });
  browse.get('/:id/screenshots/:file', permit('read'), (req, res) => {
    const screen = screenOr404(req.params.id as string, res, 'read');
    const name = req.params.file as string;
    const file = files.fileOf(screen.id, name);
    if (!file) throw new HttpError(404, 'not_found', `截图 ${name} 不存在`);
    // Timestamped files never change; `latest` does.
    res.setHeader('Cache-Control', name.startsWith('latest') ? 'private, no-cache' : 'private, max-age=31536000, immutable');
    res.type('image/webp');
    // `dotfiles`: in a cluster the folder is MEDIA_DIR/.screenshots; `fileOf` already allows only our own names.
    res.sendFile(file, { dotfiles: 'allow' }, (err) => {
      if (err && !res.headersSent) res.status(404).json({ error: { code: 'not_found', message: `截图 ${name} 不存在` } });
    });
  });
  browse.delete('/:id/screenshots', permit('screen.admin'), async (req, res) => {
    const screen = screenOr404(req.params.id as string, res, 'screen.admin');
    await files.removeAll(screen.id);
    ctx.audit.write({ who: actorName(res), action: 'screen.screenshots.delete', id: screen.id, hallId: screen.hallId });
    players.patchStatus(screen.id, { screenshotUrl: undefined, screenshotAt: undefined });
    res.status(204).end();
  });

  return { upload, browse };
}

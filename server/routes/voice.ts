/**
 * Voice: the announcement WAV screens play (`GET /voice/call.wav`, public: screens hold only device
 * keys), single clips, and the staff API to replace a clip with a recording or go back to the generated one.
 */
import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { CounterId, Ticket } from '../../content/model';
import { CLIP_NAMES, DEFAULT_REPEAT, MAX_REPEAT } from '../../content/voice-plan';
import { actorName } from '../auth/principal';
import { permit } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';

const CallAudioQuery = z.object({
  ticket: Ticket,
  counter: CounterId,
  repeat: z
    .string()
    .regex(new RegExp(`^[1-${MAX_REPEAT}]$`), `repeat 为 1–${MAX_REPEAT} 的整数`)
    .transform(Number)
    .optional(),
  recall: z.enum(['0', '1', 'true', 'false']).optional(),
  /** The clip-set version the URL was made for; only a current one is cached for good. */
  v: z.string().regex(/^[0-9a-z]{1,32}$/, 'v 格式不对').optional(),
});

/** Sends `body` honouring a single `Range: bytes=a-b` (audio elements ask for ranges). */
function sendAudio(req: Request, res: Response, body: Buffer): void {
  res.setHeader('Content-Type', 'audio/wav');
  res.setHeader('Accept-Ranges', 'bytes');
  const range = req.headers.range;
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return void res.send(body);
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, body.length - Number(m[2]));
    end = body.length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? body.length - 1 : Math.min(Number(m[2]), body.length - 1);
  }
  if (start >= body.length || start > end) {
    res.setHeader('Content-Range', `bytes */${body.length}`);
    return void res.status(416).end();
  }
  res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${body.length}`);
  res.send(body.subarray(start, end + 1));
}

/** Public routes under `/voice`. */
export function voiceFileRoutes(ctx: AppContext): Router {
  const { voice } = ctx;
  const router = Router();

  router.get('/call.wav', (req, res) => {
    const q = CallAudioQuery.parse(req.query);
    const { wav, etag } = voice.render(q.ticket.toUpperCase(), q.counter, q.repeat ?? DEFAULT_REPEAT, q.recall === '1' || q.recall === 'true');
    res.setHeader('ETag', etag);
    // A URL made for the current clip set never changes; any other may (a clip was re-recorded).
    res.setHeader('Cache-Control', q.v === voice.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.headers['if-none-match'] === etag) return void res.status(304).end();
    sendAudio(req, res, wav);
  });

  router.get('/clips/:file', (req, res) => {
    const m = /^([a-z-]{1,20})\.wav$/.exec(req.params.file as string);
    const file = m && CLIP_NAMES.has(m[1]!) ? voice.clipFile(m[1]!) : undefined;
    if (!file) throw new HttpError(404, 'no_such_clip', `没有这个语音片段：${req.params.file}`);
    res.setHeader('Cache-Control', req.query.v === voice.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    sendAudio(req, res, file);
  });

  router.use((req) => {
    throw new HttpError(404, 'not_found', `没有这个语音资源：${req.path}`);
  });
  return router;
}

/** Staff routes under `/api/voice`. */
export function voiceApiRoutes(ctx: AppContext): Router {
  const { voice, audit } = ctx;
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } });
  const router = Router();

  router.get('/clips', permit('read'), (_req, res) => {
    res.json(voice.list());
  });

  router.put('/clips/:name', permit('system'), upload.single('file'), async (req, res) => {
    const name = req.params.name as string;
    if (!CLIP_NAMES.has(name)) throw new HttpError(404, 'no_such_clip', `没有名为 ${name} 的语音片段`);
    if (!req.file) throw new HttpError(400, 'no_file', '请用 multipart/form-data 上传 WAV 录音，文件字段名为 file');
    const clip = await voice.record(name, req.file.buffer);
    audit.write({ who: actorName(res), action: 'voice.record', clip: name, version: voice.version });
    res.json(clip);
  });

  router.delete('/clips/:name', permit('system'), async (req, res) => {
    const name = req.params.name as string;
    const had = await voice.revert(name);
    if (had) audit.write({ who: actorName(res), action: 'voice.revert', clip: name, version: voice.version });
    res.status(204).end();
  });
  return router;
}

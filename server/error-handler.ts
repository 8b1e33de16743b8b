/**
 * The one error middleware: every failure leaves as `{ error: { code, message } }`. Expected errors
 * keep their status; body-parser, multer and zod errors become 4xx; anything else is a logged 500.
 */
import type { NextFunction, Request, Response } from 'express';
import { MulterError } from 'multer';
import { ZodError } from 'zod';
import { HttpError } from './http-error';
import type { Logger } from './log';
import { describeZodError } from './validate';

const MULTER_MESSAGES: Partial<Record<MulterError['code'], [number, string]>> = {
  LIMIT_FILE_SIZE: [413, '文件超过大小上限'],
  LIMIT_FILE_COUNT: [400, '一次只能上传一个文件'],
  LIMIT_UNEXPECTED_FILE: [400, '文件字段名应为 file'],
};

/** A body that is not JSON, from body-parser or the call lane (server/queue/call-lane.ts): one message. */
export const badJson = (): HttpError => new HttpError(400, 'bad_json', '请求体不是合法的 JSON');

function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return new HttpError(400, 'invalid_input', describeZodError(err));
  if (err instanceof MulterError) {
    const [status, message] = MULTER_MESSAGES[err.code] ?? [400, `上传失败：${err.message}`];
    return new HttpError(status, err.code.toLowerCase(), message);
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return badJson();
  if (e.type === 'entity.too.large') return new HttpError(413, 'too_large', '请求体过大');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new HttpError(415, 'unsupported_encoding', '不支持的请求编码');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpError(e.status, 'bad_request', e.message ?? '请求有误');
  return null;
}

export function errorHandler(logger: Logger) {
  const log = logger.child({ module: 'http' });
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = toHttpError(err);
    if (!known) log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    const status = known?.status ?? 500;
    if (res.headersSent) return void res.end();
    res.status(status).json({ error: { code: known?.code ?? 'internal', message: known?.message ?? '服务器内部错误，已记录日志' } });
  };
}

/** Request parsing with the shared zod schemas; failures become 400s with readable messages. */
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError } from './http-error';

/** Parses the JSON body with `schema`; a missing or non-JSON body gets a message that says so. */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  if (req.body === undefined) throw new HttpError(400, 'no_body', '请求体必须是 JSON（Content-Type: application/json）');
  return schema.parse(req.body);
}

/** Formats zod issues as one line a person can act on: `target.areas.0: Invalid option …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '请求体'}: ${i.message}`)
    .join('; ');
}

/** Expected failures: throw one of these from a route; the error middleware turns it into JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 404 with a message that names the kind of thing that is missing. */
export const notFound = (what: string, id: string): HttpError => new HttpError(404, 'not_found', `${what} ${id} 不存在`);

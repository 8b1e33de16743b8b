/** The structured logger (pino): one JSON line per event, a `module` tag on each child. */
import { pino, type Logger } from 'pino';

export type { Logger };

/** A root logger; tests pass level 'silent'. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

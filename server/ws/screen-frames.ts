/**
 * What a player sends once it has said hello (everything but `hello` itself, already parsed and
 * checked against the PlayerMessage schema): pings, acks, health, proof of play, kiosk sessions,
 * command answers and reports. Each frame is written for the socket's screen only.
 */
import type { PlayRecord, PlayerMessage, ScreenCommand, ServerMessage } from '../../content/protocol';
import type { Logger } from '../log';
import type { AppendLog } from '../logs/append-log';
import type { createPlayPlausibility } from './play-plausibility';
import type { Conn } from './player-conn';
import type { createRejections } from './rejections';
import type { createScreenStatuses } from './screen-statuses';

type ScreenFrame = Exclude<PlayerMessage, { type: 'hello' }>;

export interface ScreenFramesDeps {
  clock: () => number;
  log: Logger;
  playLog: AppendLog;
  kioskLog?: AppendLog;
  statuses: ReturnType<typeof createScreenStatuses>;
  rejections: ReturnType<typeof createRejections>;
  plausibility: ReturnType<typeof createPlayPlausibility>;
  sendMsg: (conn: Conn, msg: ServerMessage) => boolean;
  onAck: (conn: Conn, msg: Extract<PlayerMessage, { type: 'ack' }>) => void;
  onCommandDone?: (done: { screenId: string; command: ScreenCommand; requestId?: string; ok: boolean; message?: string }) => void;
}

export function createScreenFrames(deps: ScreenFramesDeps) {
  const { clock, log, playLog, statuses, rejections, plausibility } = deps;
  /** Writes the play records the screen could really have made; the rest are counted as refused. */
  const recordPlays = (conn: Conn, screenId: string, records: PlayRecord[], late: boolean): void => {
    const { kept, refused } = plausibility.check(screenId, records, conn.slideIds);
    for (const [code, n] of Object.entries(refused)) rejections.count(code, screenId, n);
    for (const r of kept) playLog.write({ screenId, hallId: conn.hallId, slideId: r.slideId, startedAt: r.startedAt, durationMs: r.durationMs, ...(late && { late: true }) });
  };

  return (conn: Conn, screenId: string, msg: ScreenFrame): void => {
    const now = clock();
    switch (msg.type) {
      case 'ping':
        deps.sendMsg(conn, { type: 'pong', t: msg.t, serverTime: now });
        break;
      case 'ack':
        deps.onAck(conn, msg);
        break;
      case 'health': {
        const { type: _t, renderer: _r, ...fields } = msg;
        statuses.frame(screenId, fields);
        break;
      }
      case 'played':
        recordPlays(conn, screenId, [{ slideId: msg.slideId, startedAt: msg.startedAt, durationMs: msg.durationMs }], false);
        break;
      case 'kioskSession':
        // Already checked by the PlayerMessage schema; logged as is, like proof of play.
        deps.kioskLog?.write({ screenId, hallId: conn.hallId, ...msg.session });
        break;
      case 'playedBatch': {
        // A batch re-sent after a lost connection may repeat records: one line per (slide, start).
        const seen = new Set<string>();
        const items = msg.items.filter((r) => {
          const key = `${r.slideId}\n${r.startedAt}`;
          return !seen.has(key) && !!seen.add(key);
        });
        recordPlays(conn, screenId, items, true);
        break;
      }
      case 'commandDone':
        log.info({ screenId, command: msg.command, requestId: msg.requestId, ok: msg.ok, message: msg.message }, 'command done');
        deps.onCommandDone?.({ screenId, command: msg.command, requestId: msg.requestId, ok: msg.ok, message: msg.message });
        break;
      case 'report': {
        const line = { screenId, code: msg.code, slideId: msg.slideId, report: msg.message };
        if (msg.level === 'error') log.error(line, 'player report');
        else if (msg.level === 'warn') log.warn(line, 'player report');
        else log.info(line, 'player report');
        const at = new Date(now).toISOString();
        statuses.patch(screenId, { lastReport: { level: msg.level, code: msg.code, message: msg.message, at }, ...(msg.code === 'asset_failed' && { cacheFailedAt: at }) });
        break;
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  };
}

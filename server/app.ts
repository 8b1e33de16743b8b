/**
 * createApp: builds the HTTP app and socket hubs from injected dependencies. Tests build one in
 * process on port 0; main.ts builds the real one. Nothing here reads env or picks a port.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { authenticate } from './auth/principal';
import { originGuard } from './auth/origin-check';
import { auditLog } from './audit/audit-log';
import { auditRoutes } from './routes/audit';
import type { Bus } from './bus';
import type { AppContext } from './context';
import { errorHandler } from './error-handler';
import { HttpError } from './http-error';
import type { Logger } from './log';
import { openAppendLog } from './logs/append-log';
import { createCallService } from './queue-calls';
import { createAckTracker } from './queue/acks';
import { createCallKeys } from './queue/call-keys';
import type { RateLimit } from './queue/call-rate';
import { createHallQueues } from './queue/hall-queues';
import { createQueueIntake } from './queue/intake';
import { authRoutes } from './routes/auth';
import { hallRoutes } from './routes/halls';
import { mediaRoutes } from './routes/media';
import { overrideRoutes } from './routes/overrides';
import { layoutRoutes, layoutTemplateRoutes } from './routes/layouts';
import { playlistRoutes } from './routes/playlists';
import { previewRoutes } from './routes/preview';
import { queueRoutes } from './routes/queue';
import { counterRoutes } from './routes/counters';
import { queueReportRoutes } from './routes/queue-report';
import { serviceRoutes } from './routes/services';
import { ticketRoutes } from './routes/tickets';
import { ticketPageRoutes } from './routes/ticket-page';
import { createTicketDesk } from './ticketing/ticket-desk';
import { scheduleRoutes } from './routes/schedules';
import { screenRoutes } from './routes/screens';
import { pairingRoutes, type PairingOptions } from './routes/pairing';
import { reportRoutes } from './routes/reports';
import { KIOSK_LOG, kioskAnalyticsRoutes } from './routes/kiosk-analytics';
import { screenDeviceRoutes } from './routes/screen-devices';
import { screenLiveRoutes } from './routes/screen-live';
import { screenshotRoutes } from './routes/screenshots';
import { slideRoutes } from './routes/slides';
import { timelineRoutes } from './routes/timeline';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import { voiceApiRoutes, voiceFileRoutes } from './routes/voice';
import type { Store } from './store/store';
import { createEditorHub } from './ws/editor-hub';
import { createPlayerHub } from './ws/player-hub';
import { openVoiceLibrary } from './voice/library';
import { distFiles } from './static/dist-files';
import { mediaFiles } from './media/media-files';
import { baseSecurityHeaders } from './static/security-headers';
import type { TrustProxy } from './trust-proxy';

export interface AppDeps {
  store: Store;
  bus: Bus;
  clock?: () => number;
  logger: Logger;
  secret: Buffer;
  dataDir: string;
  publicUrl?: string;
  maxUploadBytes?: number;
  /** Serves the built player and editor from here (production); omit when Vite serves them (dev). */
  distDir?: string;
  /** Vite's dev middleware, mounted after the API (dev only). */
  devMiddleware?: RequestHandler;
  version?: string;
  /** The generated voice clips (default: the set shipped in `content/voice`). */
  voiceDir?: string;
  /** Screen operations timings (tests shorten them): offline window, screenshot cadence tick, pairing. */
  screenOps?: { offlineAfterMs?: number; screenshotTickMs?: number; pairing?: PairingOptions };
  /** Queue calls and events per sender (default QUEUE_RATE: 20/s, burst 60; tests change it). */
  queueRate?: RateLimit;
  /** Peers whose X-Forwarded-For is believed (TRUST_PROXY); default none: `req.ip` is the socket's peer. */
  trustProxy?: TrustProxy;
}

export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? Date.now;
  const { store, bus, logger } = deps;
  const logDir = path.join(deps.dataDir, 'logs');
  const audit = auditLog(openAppendLog(logDir, 'audit', clock), store);
  const callLog = openAppendLog(logDir, 'calls', clock);
  const playLog = openAppendLog(logDir, 'play', clock);
  const kioskLog = openAppendLog(logDir, KIOSK_LOG, clock);
  const voice = openVoiceLibrary({
    generatedDir: deps.voiceDir ?? path.resolve(import.meta.dirname, '..', 'content', 'voice'),
    recordedDir: path.join(deps.dataDir, 'voice'),
    warn: (msg) => logger.warn(msg),
  });
  const acks = createAckTracker();
  const callKeys = createCallKeys(store);
  const queues = createHallQueues({ store, bus, clock, callKeys });
  const calls = createCallService({
    callKeys,
    store,
    bus,
    clock,
    log: callLog,
    audit,
    queues,
    acks,
    voiceVersion: () => (voice.available ? voice.version : undefined),
  });
  // The editor hub needs player statuses and the player hub reports to the editor hub: late-bound.
  let editorHub: ReturnType<typeof createEditorHub> | undefined;
  const players = createPlayerHub({
    store,
    bus,
    secret: deps.secret,
    clock,
    logger,
    playLog,
    kioskLog,
    onStatus: (s) => editorHub?.screenStatus(s),
    onCallAck: (callId, screenId, ms) => editorHub?.callAck(callId, screenId, ms),
    acks,
    queueState: (hallId) => queues.get(hallId),
    onCommandDone: (done) => editorHub?.commandDone(done),
    offlineAfterMs: deps.screenOps?.offlineAfterMs,
    screenshotTickMs: deps.screenOps?.screenshotTickMs,
  });
  editorHub = createEditorHub({ store, bus, clock, statuses: () => players.allStatuses(), publicUrl: deps.publicUrl });
  const ctx: AppContext = {
    store,
    bus,
    clock,
    logger,
    secret: deps.secret,
    dataDir: deps.dataDir,
    publicUrl: deps.publicUrl,
    maxUploadBytes: deps.maxUploadBytes ?? 200 * 1024 * 1024,
    calls,
    intake: createQueueIntake({ store, queues, calls, log: callLog }),
    queues,
    acks,
    queueRate: deps.queueRate,
    voice,
    players,
    audit,
  };
  /** The hall's own queue (issue 14): tickets and counter actions on the same call path. */
  const desk = createTicketDesk(ctx);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(baseSecurityHeaders());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: deps.version ?? 'dev', uptimeS: Math.round(process.uptime()), screensConnected: players.connectedCount(), rejectedFrames: players.rejections().total });
  });

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(authenticate(store, clock));
  // CSRF: cookie-authenticated writes only from our own pages; no form or text bodies (origin-check.ts).
  api.use(originGuard(deps.publicUrl));
  api.use('/auth', authRoutes(ctx));
  api.use('/users', userRoutes(ctx));
  api.use('/audit', auditRoutes(ctx));
  // Before /schedules and /screens so `/schedules/check` and `/screens/:id/timeline` are not taken as ids.
  api.use(timelineRoutes(ctx));
  api.use('/halls', serviceRoutes(ctx), counterRoutes(ctx, desk));
  api.use('/halls', hallRoutes(ctx));
  const screenshots = screenshotRoutes(ctx);
  api.use('/pairing', pairingRoutes(ctx, deps.screenOps?.pairing));
  api.use('/player', screenshots.upload);
  api.use('/reports', queueReportRoutes(ctx));
  api.use('/reports', reportRoutes(ctx));
  api.use('/reports', kioskAnalyticsRoutes(ctx));
  // Before screenRoutes, so `/screens/status` is not taken as a screen id.
  api.use('/screens', screenLiveRoutes(ctx), screenDeviceRoutes(ctx), screenshots.browse);
  api.use('/screens', screenRoutes(ctx));
  api.use('/slides', slideRoutes(ctx));
  api.use('/playlists', playlistRoutes(ctx));
  api.use('/layouts', layoutRoutes(ctx));
  api.use('/layout-templates', layoutTemplateRoutes());
  api.use('/preview', previewRoutes(ctx));
  api.use('/schedules', scheduleRoutes(ctx));
  api.use('/overrides', overrideRoutes(ctx));
  // Before the queue router: `/queue/tickets` is the hall's own queue.
  api.use('/queue', ticketRoutes(ctx, desk));
  api.use('/queue', queueRoutes(ctx));
  api.use('/media', mediaRoutes(ctx));
  api.use('/tokens', tokenRoutes(ctx));
  api.use('/voice', voiceApiRoutes(ctx));
  api.use((req) => {
    throw new HttpError(404, 'no_such_endpoint', `没有这个接口：${req.method} ${req.originalUrl}`);
  });
  app.use('/api', api);
  app.use('/voice', voiceFileRoutes(ctx));
  app.use('/t', ticketPageRoutes());
  app.use('/media', mediaFiles(store, clock, path.join(deps.dataDir, 'media')));

  if (deps.distDir) app.use(distFiles(deps.distDir));
  if (deps.devMiddleware) app.use(deps.devMiddleware);
  app.get('/', (_req, res) => res.redirect('/editor/'));
  app.use(errorHandler(logger));

  return {
    app,
    ctx,
    /** Routes our WebSocket paths; other upgrades (Vite's HMR) are left alone. */
    attach(server: Server): void {
      server.on('upgrade', (req, socket, head) => {
        let pathname: string;
        try {
          pathname = new URL(req.url ?? '/', 'http://x').pathname;
        } catch {
          // A request target like `//[` must not reach the URL parser unguarded: it throws, and an
          // exception in an 'upgrade' listener would take the whole server down.
          return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        }
        if (pathname === '/ws/player') players.handleUpgrade(req, socket, head);
        else if (pathname === '/ws/editor') editorHub?.handleUpgrade(req, socket, head);
        // In dev, Vite's HMR socket owns the other paths; in production nobody does.
        else if (!deps.devMiddleware) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      });
    },
    async close(): Promise<void> {
      await Promise.all([players.close(), editorHub?.close()]);
      await Promise.all([audit.close(), callLog.close(), playLog.close(), kioskLog.close()]);
    },
  };
}
export type App = ReturnType<typeof createApp>;

/**
 * createApp: builds the HTTP app and socket hubs from injected dependencies. Tests build one in
 * process on port 0; main.ts builds the real one. Nothing here reads env or picks a port.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { authenticate, createPrincipalResolver } from './auth/principal';
import { originGuard } from './auth/origin-check';
import { auditLog } from './audit/audit-log';
import { auditRoutes } from './routes/audit';
import type { Bus } from './bus';
import type { RedisBus } from './bus-redis';
import type { PairingBook } from './cluster/redis-pairings';
import type { RateLimits } from './pairing/rate-limit';
import type { CallClaims } from './cluster/call-claims';
import type { HallWriter, HallWriterDeps } from './cluster/hall-writer';
import { embeddedHealth, type Health } from './cluster/health';
import { forwardingAcks } from './cluster/remote-acks';
import { createRemoteCommands } from './cluster/remote-commands';
import { createRemoteStatuses, type RemoteStatuses } from './cluster/remote-statuses';
import type { AppContext } from './context';
import { errorHandler } from './error-handler';
import { HttpError } from './http-error';
import type { Logger } from './log';
import { openAppendLog, type AppendLog } from './logs/append-log';
import type { DayLogSource } from './reports/day-logs';
import { createCallService } from './queue-calls';
import { createAckTracker } from './queue/acks';
import { createCallKeys } from './queue/call-keys';
import type { RateLimit } from './queue/call-rate';
import { createHallQueues } from './queue/hall-queues';
import { createQueueIntake } from './queue/intake';
import { createAlertMonitor } from './alerts/alert-monitor';
import { createWebhookSender, type WebhookOptions } from './alerts/webhook';
import { alertRoutes } from './routes/alerts';
import { authRoutes } from './routes/auth';
import { hallRoutes } from './routes/halls';
import { mediaRoutes } from './routes/media';
import { workbenchRoutes } from './routes/workbench';
import { overrideRoutes } from './routes/overrides';
import { layoutRoutes, layoutTemplateRoutes } from './routes/layouts';
import { playlistRoutes } from './routes/playlists';
import { previewRoutes } from './routes/preview';
import { queueRoutes, queueWrites } from './routes/queue';
import { API_JSON_LIMIT, callLane } from './queue/call-lane';
import { counterRoutes } from './routes/counters';
import { queueReportRoutes } from './routes/queue-report';
import { serviceRoutes } from './routes/services';
import { ticketRoutes } from './routes/tickets';
import { ratingPadRoutes } from './routes/rating-pad';
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
import { exceptionDayRoutes } from './routes/exception-days';
import { timelineRoutes } from './routes/timeline';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import { voiceApiRoutes, voiceFileRoutes } from './routes/voice';
import type { Store } from './store/store';
import { createEditorHub } from './ws/editor-hub';
import { createPlayerHub } from './ws/player-hub';
import { openVoiceLibrary } from './voice/library';
import { distFiles } from './static/dist-files';
import { createFsMediaStore } from './media/fs-media-store';
import { mediaFiles } from './media/media-files';
import type { MediaStore } from './media/media-store';
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
  /** Media files (default the folder dataDir/media; a shared folder in a cluster) and where uploads wait (default dataDir/tmp). */
  media?: MediaStore;
  uploadDir?: string;
  /**
   * A folder every instance shares (MEDIA_DIR, when set): recorded voice clips (`.voice`) and screenshots
   * (`.screenshots`) live there, dot folders the media cleanup never lists. Default: each in DATA_DIR.
   */
  sharedDir?: string;
  /** Cluster mode (server/cluster/runtime.ts): health of the engines, shared call ids, catch-up before a request. */
  cluster?: {
    health?: Health;
    callClaims?: CallClaims;
    sync?: () => Promise<void>;
    /** Append-only logs in the database, and where reports read them. */
    openLog?: (name: string, clock: () => number) => AppendLog;
    logSource?: DayLogSource;
    /** Records the database logs hold in memory (a failing database) or dropped, for `/healthz` warnings. */
    logWarnings?: () => string[];
    /** Pending pairings shared by every instance. */
    pairingBook?: (ttlMs: number) => PairingBook;
    /** Every throttle (pairing, look-ups, screenshots, login, queue writes) counted by every instance together. */
    rateLimits?: RateLimits;
    /** Other instances (Redis side messages): screen statuses and remote commands reach every instance. */
    peers?: Pick<RedisBus, 'publishSide' | 'onSide'>;
    /** One writer per hall (PostgreSQL + Redis): made with the store and what a takeover adopts. */
    hallWriter?: (deps: Pick<HallWriterDeps, 'store' | 'adopt'>) => HallWriter;
    /** Registers what runs after Redis lost messages, once the store caught up. */
    onResync?: (listener: () => void) => void;
  };
  /** Screen operations timings (tests shorten them): offline window, screenshot cadence tick, pairing. */
  screenOps?: { offlineAfterMs?: number; screenshotTickMs?: number; pairing?: PairingOptions };
  /** Queue calls and events per sender (default QUEUE_RATE: 20/s, burst 60; tests change it). */
  queueRate?: RateLimit;
  /** Peers whose X-Forwarded-For is believed (TRUST_PROXY); default none: `req.ip` is the socket's peer. */
  trustProxy?: TrustProxy;
  /** 设备告警 timings (tests shorten them): check interval, one offline threshold for all halls, webhook retries. */
  alerts?: { checkEveryMs?: number; offlineMsOverride?: number; webhook?: Omit<WebhookOptions, 'warn'> };
}

export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? Date.now;
  const { store, bus, logger } = deps;
  const logDir = path.join(deps.dataDir, 'logs');
  const media = deps.media ?? createFsMediaStore(path.join(deps.dataDir, 'media'));
  const health = deps.cluster?.health ?? embeddedHealth();
  const sync = deps.cluster?.sync;
  const openLog = deps.cluster?.openLog ?? ((name: string, c: () => number) => openAppendLog(logDir, name, c));
  const audit = auditLog(openLog('audit', clock), store);
  const callLog = openLog('calls', clock);
  const playLog = openLog('play', clock);
  const kioskLog = openLog(KIOSK_LOG, clock);
  const ownVoiceDir = path.join(deps.dataDir, 'voice');
  const voice = openVoiceLibrary({
    generatedDir: deps.voiceDir ?? path.resolve(import.meta.dirname, '..', 'content', 'voice'),
    recordedDir: deps.sharedDir ? path.join(deps.sharedDir, '.voice') : ownVoiceDir,
    // Recordings made before the folder was shared are kept (the first instance's, clip by clip).
    adoptFrom: deps.sharedDir ? ownVoiceDir : undefined,
    onChange: (version) => bus.publish({ type: 'voiceChanged', version }),
    warn: (msg) => logger.warn(msg),
  });
  // Another instance changed a recording in the shared folder; our own event finds our version already current.
  const reloadVoice = (): void => {
    try {
      if (voice.reload()) logger.info(`[voice] clips reloaded, version ${voice.version}`);
    } catch (err) {
      logger.warn({ err }, '[voice] could not reload the recorded clips');
    }
  };
  const unsubscribeVoice = bus.subscribe((event) => {
    if (event.type === 'voiceChanged' && event.version !== voice.version) reloadVoice();
  });
  deps.cluster?.onResync?.(reloadVoice);
  const acks = createAckTracker();
  const callKeys = createCallKeys(store, { clock });
  // Late-bound: a takeover (which can only follow a request) hands the stored record to the queues.
  const writer = deps.cluster?.hallWriter?.({
    store,
    adopt(hallId, rec) {
      if (!rec) return;
      queues.adopt(rec);
      callKeys.adopt(hallId, rec.callKeys);
    },
  });
  const queues = createHallQueues({ store, bus, clock, callKeys, writer });
  // Messages may have been lost: a hall whose stored board holds what we never heard is taken from the
  // store (not one being written here: our board is ahead of the store until the write lands).
  if (writer)
    deps.cluster?.onResync?.(() => {
      for (const rec of store.list('queues')) if (!writer.busy(rec.id)) queues.resync(rec);
    });
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
    callClaims: deps.cluster?.callClaims,
    writer,
    warn: (obj, msg) => logger.warn(obj, msg),
  });
  // The editor hub needs player statuses and the player hub reports to the editor hub: late-bound.
  let editorHub: ReturnType<typeof createEditorHub> | undefined;
  // Cluster: acks of calls accepted by another instance go back to it.
  const peerAcks = deps.cluster?.peers ? forwardingAcks({ bus: deps.cluster.peers, acks, onCallAck: (callId, screenId, ms) => editorHub?.callAck(callId, screenId, ms) }) : undefined;
  let remoteStatuses: RemoteStatuses | undefined;
  let remoteCommands: ReturnType<typeof createRemoteCommands> | undefined;
  const players = createPlayerHub({
    store,
    bus,
    secret: deps.secret,
    clock,
    logger,
    playLog,
    kioskLog,
    onStatus: (s) => {
      editorHub?.screenStatus(s);
      remoteStatuses?.publish(s);
    },
    onCallAck: (callId, screenId, ms) => editorHub?.callAck(callId, screenId, ms),
    acks: peerAcks ?? acks,
    queueState: (hallId) => queues.get(hallId),
    onCommandDone: (done) => (remoteCommands ? remoteCommands.done(done) : editorHub?.commandDone(done)),
    offlineAfterMs: deps.screenOps?.offlineAfterMs,
    screenshotTickMs: deps.screenOps?.screenshotTickMs,
  });
  if (deps.cluster?.peers) remoteStatuses = createRemoteStatuses({ bus: deps.cluster.peers, clock, local: () => players.allStatuses(), onRemote: (s) => editorHub?.screenStatus(s) });
  editorHub = createEditorHub({ store, bus, clock, statuses: () => remoteStatuses?.merged() ?? players.allStatuses(), publicUrl: deps.publicUrl });
  const shared = remoteStatuses;
  if (shared && deps.cluster?.peers)
    remoteCommands = createRemoteCommands({ bus: deps.cluster.peers, players, statuses: shared, tellEditors: (done) => editorHub?.commandDone(done) });
  const commands = remoteCommands;
  // Routes ask `players.status(id)` and send commands: in a cluster, a screen held by another instance counts too.
  const playersView: typeof players =
    shared && commands ? { ...players, status: (id) => shared.status(id, players.status(id)), isConnected: commands.isConnected, command: commands.command } : players;
  const ctx: AppContext = {
    store,
    bus,
    clock,
    logger,
    secret: deps.secret,
    dataDir: deps.dataDir,
    screenshotDir: deps.sharedDir ? path.join(deps.sharedDir, '.screenshots') : path.join(deps.dataDir, 'screenshots'),
    media,
    uploadDir: deps.uploadDir ?? path.join(deps.dataDir, 'tmp'),
    publicUrl: deps.publicUrl,
    maxUploadBytes: deps.maxUploadBytes ?? 200 * 1024 * 1024,
    calls,
    intake: createQueueIntake({ store, queues, calls, log: callLog, writer }),
    queues,
    acks,
    queueRate: deps.queueRate,
    voice,
    players: playersView,
    audit,
    logSource: deps.cluster?.logSource,
    pairingBook: deps.cluster?.pairingBook,
    rateLimits: deps.cluster?.rateLimits,
    flushLiveLogs: async () => {
      await Promise.all([callLog.flush?.(), playLog.flush?.()]);
    },
  };
  /** The hall's own queue (issue 14): tickets and counter actions on the same call path. */
  const desk = createTicketDesk(ctx);
  // 设备告警 judge the screens this instance sees (in a cluster: every instance's, through remote statuses).
  const alerts = createAlertMonitor({
    store,
    bus,
    clock,
    logger,
    status: playersView.status,
    acks,
    webhooks: createWebhookSender({ ...deps.alerts?.webhook, warn: (msg) => logger.warn({ module: 'alerts' }, msg) }),
    checkEveryMs: deps.alerts?.checkEveryMs,
    offlineMsOverride: deps.alerts?.offlineMsOverride,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(baseSecurityHeaders());
  const writes = queueWrites(ctx);
  const principal = createPrincipalResolver(store, clock);
  // The hot path of a burst, ahead of the /api router (same checks, same order: queue/call-lane.ts).
  app.use(callLane({ health, sync, principal, postCall: writes.postCall }));
  app.get('/healthz', async (_req, res) => {
    // 503 while the database or the bus is unreachable, so a load balancer takes this instance out.
    const { ok, problems } = await health.check();
    // Still serving, but someone must look (e.g. the live journal cannot be compacted: disk full).
    const warnings = [...(store.warnings?.() ?? []), ...(deps.cluster?.logWarnings?.() ?? [])];
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      store: health.store,
      bus: health.bus,
      ...(!ok && { problems }),
      ...(warnings.length > 0 && { warnings }),
      version: deps.version ?? 'dev',
      uptimeS: Math.round(process.uptime()),
      screensConnected: players.connectedCount(),
      rejectedFrames: players.rejections().total,
    });
  });

  // A check added to this chain before the routes must be added to the call lane too (queue/call-lane.ts):
  // a queue system's POST /api/queue/calls does not pass through here.
  const api = express.Router();
  // A write this instance cannot keep (database or bus down) is refused, never half-accepted.
  api.use((req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || health.ok()) return next();
    throw new HttpError(503, 'cluster_unavailable', `数据库或消息服务暂时不可用，本次操作未受理，请稍后重试（${health.problems().join('；')}）`);
  });
  // Cluster: see every commit made before this request, on any instance (a session or screen created a moment ago elsewhere).
  if (sync) api.use((_req, _res, next) => void sync().then(() => next(), () => next()));
  api.use(express.json({ limit: API_JSON_LIMIT }));
  api.use(authenticate(principal));
  // CSRF: cookie-authenticated writes only from our own pages; no form or text bodies (origin-check.ts).
  api.use(originGuard(deps.publicUrl));
  api.use('/auth', authRoutes(ctx));
  api.use('/users', userRoutes(ctx));
  api.use('/audit', auditRoutes(ctx));
  api.use('/alerts', alertRoutes(ctx));
  // Before /schedules and /screens so `/schedules/check` and `/screens/:id/timeline` are not taken as ids.
  api.use(timelineRoutes(ctx));
  api.use(exceptionDayRoutes(ctx));
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
  api.use('/queue', ratingPadRoutes(ctx));
  api.use('/queue', queueRoutes(ctx, writes));
  api.use('/media', mediaRoutes(ctx));
  api.use('/tokens', tokenRoutes(ctx));
  api.use('/voice', voiceApiRoutes(ctx));
  api.use('/workbench', workbenchRoutes(ctx));
  api.use((req) => {
    throw new HttpError(404, 'no_such_endpoint', `没有这个接口：${req.method} ${req.originalUrl}`);
  });
  app.use('/api', api);
  app.use('/voice', voiceFileRoutes(ctx));
  app.use('/t', ticketPageRoutes());
  app.use('/media', mediaFiles(store, clock, media));

  if (deps.distDir) app.use(distFiles(deps.distDir));
  if (deps.devMiddleware) app.use(deps.devMiddleware);
  app.get('/', (_req, res) => res.redirect('/editor/'));
  app.use(errorHandler(logger));

  return {
    app,
    ctx,
    /** 设备告警: `check()` runs the rules now (tests), instead of waiting for the next tick. */
    alerts,
    /** Routes our WebSocket paths; other upgrades (Vite's HMR) are left alone. */
    attach(server: Server): void {
      server.on('upgrade', (req, socket, head) => {
        // Cluster: a screen created on another instance a moment ago must be known before its key is checked.
        if (sync) void sync().then(route, route);
        else route();
        function route(): void {
        if (socket.destroyed) return;
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
        }
      });
    },
    async close(): Promise<void> {
      unsubscribeVoice();
      alerts.close();
      remoteStatuses?.close();
      remoteCommands?.close();
      peerAcks?.close();
      await Promise.all([players.close(), editorHub?.close()]);
      await Promise.all([audit.close(), callLog.close(), playLog.close(), kioskLog.close()]);
    },
  };
}
export type App = ReturnType<typeof createApp>;

/**
 * What the server sees of and asks of a running screen, wired around the Player: health reports
 * (every 30 s and right after each hello), problem reports, the page watchdog (soft reload at a slide
 * boundary when the frame loop stalls or the heap fills), the remote commands, and the offline
 * mode (media cache and badge).
 */
import type { Application } from 'pixi.js';
import { AREA_LABELS } from '../../content/model';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID } from '../../content/builtin-slides';
import type { Manifest, PlayerMessage } from '../../content/protocol';
import { version as playerVersion } from '../../package.json';
import { healthReport, heapUsage, startHealthReports, TickRate, unhealthyReason } from '../health';
import type { OfflineMode } from '../offline/offline-mode';
import type { Player } from '../player';
import { screenResolution, type ScreenParams } from '../screen-params';
import { showIdentify } from '../status-screen';
import { runCommand, type CommandHandlers } from './commands';
import { ReloadPlanner } from './reload-planner';
import { captureScreen, uploadScreenshot } from './screenshot';

/** How often the watchdog looks at the page. */
const WATCHDOG_EVERY_MS = 5000;
/** Announcer changes reach the server at most this often (each is a health frame; editors get 1/s). */
const ANNOUNCER_HEALTH_MS = 1000;
/** Let the report leave the socket before the page goes. */
const REPORT_FLUSH_MS = 300;

type Report = Extract<PlayerMessage, { type: 'report' }>;

export class ScreenOps {
  readonly tickRate = new TickRate();
  private readonly reloads: ReloadPlanner;
  private manifest: Manifest | null = null;

  constructor(
    private readonly app: Application,
    private readonly player: Player,
    private readonly params: ScreenParams,
    private readonly offline: OfflineMode,
  ) {
    this.reloads = new ReloadPlanner({
      announcing: () => player.announcing,
      idle: () => {
        const id = player.slideId;
        return id === null || id === IDLE_SLIDE_ID || id === STANDBY_SLIDE_ID;
      },
      busy: () => player.kioskOpen,
      interrupt: () => player.endKioskSession(),
      reload: (why) => {
        console.warn(`[watchdog] reloading: ${why}`);
        setTimeout(() => location.reload(), REPORT_FLUSH_MS);
      },
    });
  }

  /** Start reporting and listening; call once, before `player.start()`. */
  start(): void {
    const { app, player, offline } = this;
    app.ticker.add(() => this.tickRate.tick());
    const source = {
      slideId: () => player.slideId ?? undefined,
      nowPlaying: () => document.querySelector('[data-testid="now-playing"]')?.textContent?.trim() || undefined,
      fps: () => this.tickRate.sample(),
      resolution: screenResolution,
      renderer: () => app.renderer.name,
      cacheBytes: () => offline.cache?.bytes,
      clockOffsetMs: () => player.clock.offsetMs,
      playerVersion,
      announcer: () => player.announcerStatus,
    };
    const send = (m: PlayerMessage): boolean => player.connection.send(m);
    startHealthReports(source, send);
    // The live console shows what the announcer says now: an extra health frame per change, coalesced.
    let announcerTimer: ReturnType<typeof setTimeout> | undefined;
    this.announcerChanged = () => {
      if (announcerTimer !== undefined) return;
      announcerTimer = setTimeout(() => {
        announcerTimer = undefined;
        send(healthReport(source));
      }, ANNOUNCER_HEALTH_MS);
    };
    player.connection.onStatus((status) => {
      offline.online(status === 'online');
      if (status === 'online') send(healthReport(source));
    });
    player.connection.onMessage((message) => {
      if (message.type === 'command') void runCommand(message.command, message.requestId, this.handlers(), send);
    });
    setInterval(() => this.watch(), WATCHDOG_EVERY_MS);
  }

  /** The announcer's status changed (wired from the Player's hook). */
  announcerChanged: () => void = () => {};

  /** A new manifest is playing. */
  manifestChanged(manifest: Manifest): void {
    this.manifest = manifest;
    this.offline.manifestChanged(manifest);
  }

  /** A slide ended: a planned reload may happen now. */
  slideEnded(): void {
    this.reloads.slideEnded();
  }

  /** Tell the server about something the player did on its own (logged here too). */
  report(level: Report['level'], code: string, message: string, slideId?: string): void {
    console[level === 'info' ? 'info' : 'warn'](`[report] ${code}: ${message}`);
    this.player.connection.send({ type: 'report', level, code: code.slice(0, 40), message: message.slice(0, 500), ...(slideId && { slideId: slideId.slice(0, 64) }) });
  }

  /** Reload at the next slide boundary (never mid-announcement), reporting why first. */
  softReload(why: string): void {
    if (this.reloads.pending) return;
    this.report('warn', 'soft_reload', why);
    this.reloads.request(why);
  }

  private watch(): void {
    const reason = unhealthyReason({
      sinceLastTickMs: performance.now() - this.tickRate.lastTickAt,
      visible: document.visibilityState === 'visible',
      heap: heapUsage(),
    });
    if (reason) this.softReload(reason);
  }

  private handlers(): CommandHandlers {
    return {
      reload: async () => {
        this.reloads.request('管理后台要求重新加载');
        return '将在当前幻灯片结束时重新加载';
      },
      identify: async () => {
        const m = this.manifest;
        const screen = m?.screen;
        showIdentify([
          screen?.name ?? this.params.screenId,
          screen ? `${m.hall.name} · ${AREA_LABELS[screen.area]}` : '尚未收到内容',
          `屏幕编号 ${this.params.screenId} · 播放器 ${playerVersion}`,
        ]);
        return '已在屏幕上显示名称和区域 10 秒';
      },
      screenshot: async () => uploadScreenshot(await captureScreen(this.app), this.params),
      clearCache: () => this.offline.clearCache(),
    };
  }
}

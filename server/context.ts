/** What routes are built from: the injected dependencies plus the services createApp wires. */
import type { Bus } from './bus';
import type { Logger } from './log';
import type { PairingBook } from './cluster/redis-pairings';
import type { RateLimits } from './pairing/rate-limit';
import type { AppendLog } from './logs/append-log';
import type { MediaStore } from './media/media-store';
import type { DayLogSource } from './reports/day-logs';
import type { CallService } from './queue-calls';
import type { AckTracker } from './queue/acks';
import type { RateLimit } from './queue/call-rate';
import type { HallQueues } from './queue/hall-queues';
import type { QueueIntake } from './queue/intake';
import type { Store } from './store/store';
import type { VoiceLibrary } from './voice/library';
import type { PlayerHub } from './ws/player-hub';

export interface AppContext {
  store: Store;
  bus: Bus;
  clock: () => number;
  logger: Logger;
  secret: Buffer;
  dataDir: string;
  /** Screenshots: DATA_DIR/screenshots, or MEDIA_DIR/.screenshots shared by a cluster. */
  screenshotDir: string;
  /** Media files (the folder DATA_DIR/media, or MEDIA_DIR shared by a cluster). */
  media: MediaStore;
  /** Where uploads wait while processed (for the folder store: on its file system, so a put is a rename). */
  uploadDir: string;
  publicUrl?: string;
  maxUploadBytes: number;
  calls: CallService;
  /** Queue events (`POST /api/queue/events`). */
  intake: QueueIntake;
  /** Queue board state per hall. */
  queues: HallQueues;
  /** Acks of recent calls and overrides. */
  acks: AckTracker;
  /** Queue calls and events per sender (undefined: QUEUE_RATE). */
  queueRate?: RateLimit;
  voice: VoiceLibrary;
  players: PlayerHub;
  audit: AppendLog;
  /** Cluster mode: pending pairings shared by every instance (Redis); undefined = in memory. */
  pairingBook?: (ttlMs: number) => PairingBook;
  /** Cluster mode: every throttle counted by every instance together (Redis); undefined = per process. */
  rateLimits?: RateLimits;
  /** Cluster mode: reports read the logs from here (PostgreSQL) instead of DATA_DIR/logs. */
  logSource?: DayLogSource;
  /** Resolves once every call and play logged so far can be read back (工作台's today counts). */
  flushLiveLogs?: () => Promise<void>;
}

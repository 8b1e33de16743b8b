/** What routes are built from: the injected dependencies plus the services createApp wires. */
import type { Bus } from './bus';
import type { Logger } from './log';
import type { AppendLog } from './logs/append-log';
import type { CallService } from './queue-calls';
import type { Store } from './store/store';
import type { PlayerHub } from './ws/player-hub';

export interface AppContext {
  store: Store;
  bus: Bus;
  clock: () => number;
  logger: Logger;
  secret: Buffer;
  dataDir: string;
  publicUrl?: string;
  maxUploadBytes: number;
  calls: CallService;
  players: PlayerHub;
  audit: AppendLog;
}

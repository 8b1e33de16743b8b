/** The shape of the embedded store's document, validated on load so a bad hand edit fails loudly. */
import { z } from 'zod';
import { Alert, DistrictSettings, Hall, IntegrationToken, Layout, Media, Override, Playlist, QueueCall, Schedule, Screen, Slide, User } from '../../content/model';
import { QueueState } from '../../content/queue';
import { QueueCounter, QueueService, QueueTicket, TicketSequence } from '../../content/ticketing-model';

export const Session = z.object({
  /** sha256 of the cookie token: a stolen data file does not yield live sessions. */
  id: z.string(),
  userId: z.string(),
  expiresAt: z.string(),
});
export type Session = z.infer<typeof Session>;

/**
 * One remembered queue-call key (idempotency): who sent it, the key, the call it made and when (epoch
 * ms; keys stored before the window was time-based have none and count from the load).
 */
export const CallKey = z.object({ sender: z.string(), key: z.string(), callId: z.string(), screens: z.number().int().min(0), at: z.number().int().min(0).optional() });
export type CallKey = z.infer<typeof CallKey>;

/** A hall's queue board state (id = hall id) and the event ids it applied last (idempotency window). */
export const HallQueue = z.object({
  id: z.string(),
  state: QueueState,
  eventIds: z.array(z.string()),
  /** When each of `eventIds` was taken (epoch ms, same order): the window is time-based; older files have none and count from the load. */
  eventAt: z.array(z.number().int().min(0)).optional(),
  /** The hall's queue-call keys per sender (server/queue/call-keys.ts); added later, older files have none. */
  callKeys: z.array(CallKey).default([]),
  /** Cluster: the takeover number of the instance that wrote it last (server/cluster/hall-writer.ts); a stale writer's write is refused. */
  fence: z.number().int().min(0).optional(),
});
export type HallQueue = z.infer<typeof HallQueue>;

export const Data = z.object({
  schemaVersion: z.literal(1),
  halls: z.array(Hall),
  screens: z.array(Screen),
  slides: z.array(Slide),
  playlists: z.array(Playlist),
  schedules: z.array(Schedule),
  overrides: z.array(Override),
  calls: z.array(QueueCall),
  users: z.array(User),
  sessions: z.array(Session),
  tokens: z.array(IntegrationToken),
  media: z.array(Media),
  /** Added after schemaVersion 1 shipped; older files load with none. */
  queues: z.array(HallQueue).default([]),
  layouts: z.array(Layout).default([]),
  /** The hall's own queue (issue 14): services, tickets, counter states, the day's last numbers. */
  queueServices: z.array(QueueService).default([]),
  queueTickets: z.array(QueueTicket).default([]),
  queueCounters: z.array(QueueCounter).default([]),
  ticketSequences: z.array(TicketSequence).default([]),
  /** 设备告警: open ones and a bounded history (server/alerts/). */
  alerts: z.array(Alert).default([]),
  /** District-wide settings: one item (`DISTRICT_SETTINGS_ID`) with the default exception days. */
  district: z.array(DistrictSettings).default([]),
});
export type Data = z.infer<typeof Data>;

/** Collections that change with every queue call or event: kept in their own small file. */
export const LIVE_COLLECTIONS = ['calls', 'queues'] as const;
/** The live file: calls and queue states only, so a call never rewrites the content file. */
export const LiveData = z.object({
  calls: z.array(QueueCall),
  queues: z.array(HallQueue),
  /** The last journal line this snapshot holds (store/live-journal.ts); files from before the journal have none. */
  journalSeq: z.number().int().min(0).optional(),
});
export type LiveData = z.infer<typeof LiveData>;
export type CollectionName = Exclude<keyof Data, 'schemaVersion'>;
export type Item<C extends CollectionName> = Data[C][number];

/** An empty store. */
export function emptyData(): Data {
  return {
    schemaVersion: 1,
    halls: [],
    screens: [],
    slides: [],
    playlists: [],
    schedules: [],
    overrides: [],
    calls: [],
    users: [],
    sessions: [],
    layouts: [],
    tokens: [],
    media: [],
    queues: [],
    queueServices: [],
    queueTickets: [],
    queueCounters: [],
    ticketSequences: [],
    alerts: [],
    district: [],
  };
}

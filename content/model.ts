/**
 * The content model of hall signage: one zod schema per thing, types inferred from them.
 * Server, player and editor all import from here; nothing here touches Node or the DOM.
 */
import { z } from 'zod';
import { Area, CounterId, HHMM, HallVariables, Id, IsoDate, IsoInstant, OwnerHallIds, TimeZone } from './primitives';
import { SlideDuration, Title } from './slide-model';
import { HallAlertSettings } from './alert-model';
import { ExceptionDays } from './exception-days';

// One import point for every consumer: the primitives and the slide types live in their own files.
export * from './primitives';
export * from './slide-model';
export * from './layout-model';
export * from './alert-model';
export * from './exception-days';

/** Chinese names of the areas, for every UI. */
export const AREA_LABELS: Record<Area, string> = {
  guide: '引导区',
  waiting: '业务待办区',
  counter: '业务办理区',
  exhibition: '展示区',
  selfService: '自助服务区',
};

export const ScreenKind = z.enum(['ledWall', 'ledStrip', 'tv', 'kiosk']);
export type ScreenKind = z.infer<typeof ScreenKind>;
export const SCREEN_KIND_LABELS: Record<ScreenKind, string> = {
  ledWall: 'LED 大屏',
  ledStrip: 'LED 条屏',
  tv: '电视屏',
  kiosk: '触摸查询机',
};

/** How a screen shows queue calls: full board, lower-third banner, its own counter only, or not at all. */
export const CallDisplay = z.enum(['full', 'banner', 'strip', 'none']);
export type CallDisplay = z.infer<typeof CallDisplay>;

export const TimeWindow = z
  .object({ start: HHMM, end: HHMM })
  .refine((w) => w.start !== w.end, { message: '时段的开始和结束不能相同' });
export type TimeWindow = z.infer<typeof TimeWindow>;

/**
 * Business hours of one area (营业时间), in the hall's wall-clock time. Outside them the area's screens
 * show standby (dimmed hall name and clock) or go blank; an area without hours runs 24 h (自助服务区).
 */
export const AreaHours = z.object({
  windows: z.array(TimeWindow).min(1).max(6),
  /** ISO weekdays the area is open (1 = Monday); default every day. */
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
});
export type AreaHours = z.infer<typeof AreaHours>;
export const StandbyMode = z.enum(['dim', 'blank']);

export const Hall = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  timezone: TimeZone.default('Asia/Shanghai'),
  /** The call sentence with `{ticket}` and `{counter}`; default DEFAULT_CALL_TEMPLATE. */
  callTemplate: z.string().optional(),
  /** What plays when no schedule entry is active: per area, else for the whole hall. */
  defaultPlaylistId: Id.optional(),
  areaDefaults: z.partialRecord(Area, Id).optional(),
  /** Business hours per area; areas not listed run 24 h. */
  hours: z.partialRecord(Area, AreaHours).optional(),
  standby: StandbyMode.optional(),
  /** 设备告警: offline threshold and webhook (content/alert-model.ts). */
  alerts: HallAlertSettings.optional(),
  /** Slide-text variables of this hall (`{服务热线}` → 95598); see hall-variables.ts for the built-ins. */
  variables: HallVariables.optional(),
  /** 节假日与例外日期 of this hall: 闭馆 or special hours on a date; they win over the district's (exception-days.ts). */
  exceptions: ExceptionDays.optional(),
  createdAt: IsoInstant,
});
export type Hall = z.infer<typeof Hall>;
/** The sentence screens show and speak for a call, unless the hall sets its own. */
export const DEFAULT_CALL_TEMPLATE = '请 {ticket} 号到 {counter} 号窗口办理';
const CallTemplate = z
  .string()
  .trim()
  .max(100)
  .refine((t) => t.includes('{ticket}') && t.includes('{counter}'), { message: '叫号模板必须包含 {ticket} 和 {counter}' });
export const HallInput = z.object({
  name: z.string().trim().min(1, '营业厅名称不能为空').max(100),
  timezone: TimeZone.optional(),
  callTemplate: CallTemplate.optional(),
  defaultPlaylistId: Id.optional(),
  areaDefaults: z.partialRecord(Area, Id).optional(),
  hours: z.partialRecord(Area, AreaHours).optional(),
  standby: StandbyMode.optional(),
  alerts: HallAlertSettings.optional(),
  variables: HallVariables.optional(),
});

export const Resolution = z.object({
  width: z.number().int().min(16).max(16384),
  height: z.number().int().min(16).max(16384),
});
export type Resolution = z.infer<typeof Resolution>;


/** A device that became a screen through a pairing code; its key is only ever stored as sha256. */
export const PairedDevice = z.object({
  id: Id,
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  label: z.string().max(100).default(''),
  pairedAt: IsoInstant,
});
export type PairedDevice = z.infer<typeof PairedDevice>;

export const Screen = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  hallId: Id,
  area: Area,
  kind: ScreenKind,
  resolution: Resolution,
  counters: z.array(CounterId).default([]),
  tags: z.array(z.string().min(1).max(40)).default([]),
  callDisplay: CallDisplay,
  /** This screen speaks calls aloud; one speaker per area avoids echo. */
  announce: z.boolean().optional(),
  /** Counter strips: text when the counter is idle / paused (defaults 热情为您服务 / 暂停服务). */
  stripIdleText: z.string().max(40).optional(),
  stripPausedText: z.string().max(40).optional(),
  /** Plays when no schedule entry is active for this screen (before the area's and hall's defaults). */
  defaultPlaylistId: Id.optional(),
  /** The layout this screen uses when its schedule entry names none (none = one full-screen zone). */
  layoutId: Id.optional(),
  /** Show the offline badge after this long without the server; 0 = never (default 10 s, off for strips). */
  offlineBadgeMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Send a screenshot every N minutes (0 or absent = only on demand). */
  screenshotEveryMin: z.number().int().min(0).max(1440).optional(),
  /** Bumped to revoke every provisioning key (playerUrl) issued for this screen before. */
  keyGeneration: z.number().int().min(0).default(0),
  /** Devices paired by code: their keys are stored hashed; removing one revokes it. Server-only. */
  devices: z.array(PairedDevice).default([]),
  createdAt: IsoInstant,
});
export type Screen = z.infer<typeof Screen>;
export const ScreenInput = z.object({
  name: z.string().trim().min(1, '屏幕名称不能为空').max(100),
  hallId: Id,
  area: Area,
  kind: ScreenKind,
  resolution: Resolution.optional(),
  counters: z.array(z.union([z.number().int().min(0).max(9999).transform(String), CounterId])).max(64).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(32).optional(),
  callDisplay: CallDisplay.optional(),
  announce: z.boolean().optional(),
  stripIdleText: z.string().trim().max(40).optional(),
  stripPausedText: z.string().trim().max(40).optional(),
  defaultPlaylistId: Id.optional(),
  layoutId: Id.optional(),
  offlineBadgeMs: z.number().int().min(0).max(3_600_000).optional(),
  screenshotEveryMin: z.number().int().min(0).max(1440).optional(),
});
export type ScreenInput = z.infer<typeof ScreenInput>;
export const DEFAULT_STRIP_IDLE_TEXT = '热情为您服务';
export const DEFAULT_STRIP_PAUSED_TEXT = '暂停服务';

/** Default resolution per screen kind, used when the screen does not say. */
export const DEFAULT_RESOLUTION: Record<ScreenKind, Resolution> = {
  ledWall: { width: 1920, height: 1080 },
  ledStrip: { width: 320, height: 64 },
  tv: { width: 1920, height: 1080 },
  kiosk: { width: 1080, height: 1920 },
};

/** Default call display: queue boards wait, counters show their own number, show areas stay quiet. */
export function defaultCallDisplay(area: Area, kind: ScreenKind): CallDisplay {
  if (kind === 'ledStrip') return 'strip';
  switch (area) {
    case 'waiting':
      return 'full';
    case 'counter':
      return 'strip';
    case 'guide':
      return 'banner';
    case 'exhibition':
    case 'selfService':
      return 'none';
  }
}

// ---- Playlists and schedules ----------------------------------------------------------------------

export const PlaylistItem = z.object({ slideId: Id, durationMs: SlideDuration.optional() });
export type PlaylistItem = z.infer<typeof PlaylistItem>;
export const PlaylistInput = z.object({
  name: z.string().trim().min(1, '播放列表名称不能为空').max(100),
  items: z.array(PlaylistItem).max(500, '一个播放列表至多 500 项'),
});
export type PlaylistInput = z.infer<typeof PlaylistInput>;
export const Playlist = PlaylistInput.extend({ id: Id, createdAt: IsoInstant, updatedAt: IsoInstant, ownerHallIds: OwnerHallIds });
export type Playlist = z.infer<typeof Playlist>;

/**
 * Who an entry or override is for. Lists match any of their values; the dimensions `hallIds`, `areas`
 * and `tags` combine with AND (hall H's waiting area); `screenIds` and `all` match on their own.
 */
export const Target = z
  .object({
    all: z.boolean().optional(),
    screenIds: z.array(Id).max(5000).optional(),
    areas: z.array(Area).max(5).optional(),
    hallIds: z.array(Id).max(1000).optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(32).optional(),
  })
  .refine(
    (t) => t.all === true || [t.screenIds, t.areas, t.hallIds, t.tags].some((l) => l !== undefined && l.length > 0),
    { message: '投放目标为空：请至少选择一个屏幕、区域、营业厅或标签' },
  );
export type Target = z.infer<typeof Target>;



/** When an entry runs, in the hall's wall-clock time. A window whose end is before its start crosses midnight. */
export const When = z
  .object({
    from: IsoDate.optional(),
    until: IsoDate.optional(),
    days: z.array(z.number().int().min(1).max(7)).min(1, '至少选择一天').max(7).optional(),
    windows: z.array(TimeWindow).min(1).max(12).optional(),
    except: z.array(IsoDate).max(366).optional(),
  })
  .refine((w) => !w.from || !w.until || w.from <= w.until, { message: '结束日期早于开始日期' });
export type When = z.infer<typeof When>;

export const ScheduleInput = z.object({
  name: z.string().trim().min(1, '排期名称不能为空').max(100),
  target: Target,
  playlistId: Id,
  priority: z.number().int().min(-1000).max(1000).default(0),
  when: When.optional(),
  /** Zones to play in; the playlist feeds the layout's main zone. None = the screen's layout. */
  layoutId: Id.optional(),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;
export const Schedule = z.object({
  id: Id,
  name: z.string(),
  target: Target,
  playlistId: Id,
  priority: z.number().int(),
  when: When.optional(),
  layoutId: Id.optional(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Schedule = z.infer<typeof Schedule>;

// ---- Live overrides ---------------------------------------------------------------------------------

export const OverrideKind = z.enum(['emergency', 'message']);
/**
 * How an emergency shows, chosen by staff: `fullscreen` (全屏接管: nothing else shows, calls are
 * neither shown nor voiced while it lasts) or `banner` (横幅: a red band, calls and content go on).
 * Absent = fullscreen for emergencies (the behaviour before the choice existed); messages are always a band.
 */
export const OverrideDisplay = z.enum(['fullscreen', 'banner']);
export type OverrideDisplay = z.infer<typeof OverrideDisplay>;
/** How an override shows: its own choice, else fullscreen for emergencies; messages are always a band. */
export const overrideDisplay = (o: { kind: z.infer<typeof OverrideKind>; display?: OverrideDisplay }): OverrideDisplay =>
  o.kind === 'message' ? 'banner' : (o.display ?? 'fullscreen');
export const OverrideInput = z.object({
  kind: OverrideKind,
  target: Target,
  title: Title,
  body: z.string().max(2000).default(''),
  expiresAt: IsoInstant.optional(),
  display: OverrideDisplay.optional(),
});
export type OverrideInput = z.infer<typeof OverrideInput>;
export const Override = OverrideInput.extend({ id: Id, createdAt: IsoInstant, createdBy: z.string() });
export type Override = z.infer<typeof Override>;

/** A queue call as it travels to screens. */
export const QueueCall = z.object({
  id: Id,
  ticket: z.string(),
  counter: z.string(),
  hallId: Id.optional(),
  service: z.string().optional(),
  /** A recall (重呼) is a new call for the same ticket; screens show and speak it again. */
  kind: z.enum(['call', 'recall']).optional(),
  text: z.string(),
  /** The spoken announcement (one WAV: chime + sentence), when the server has a voice for it. */
  audioUrl: z.string().optional(),
  /** How many times the sentence is spoken (default 2). */
  repeat: z.number().int().min(1).max(5).optional(),
  createdAt: IsoInstant,
  expiresAt: IsoInstant,
});
export type QueueCall = z.infer<typeof QueueCall>;
/** A ticket number (票号): letters, digits and dashes, e.g. A023. */
export const Ticket = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,16}$/, '票号只能由字母、数字和连字符组成（至多 16 位），例如 A023');
export const QueueCallInput = z.object({
  ticket: Ticket,
  counter: z.union([z.number().int().min(0).max(9999).transform(String), CounterId]),
  hallId: Id.optional(),
  service: z.string().trim().max(60).optional(),
  id: z.string().trim().min(1).max(128).optional(),
});

/** How long a call stays relevant for screens (no display or audio after this). */
export const CALL_TTL_MS = 60_000;

/** The sentence screens show and speak for a call, from the hall's template. */
export function callText(ticket: string, counter: string, template = DEFAULT_CALL_TEMPLATE): string {
  return template.replaceAll('{ticket}', ticket.toUpperCase()).replaceAll('{counter}', counter);
}

// ---- Users and tokens -------------------------------------------------------------------------------

/** admin (system), reviewer (审核员: approves and rejects), editor (内容编辑), operator (现场值班). */
export const Role = z.enum(['admin', 'reviewer', 'editor', 'operator']);
export type Role = z.infer<typeof Role>;
export const ROLE_LABELS: Record<Role, string> = { admin: '系统管理员', reviewer: '审核员', editor: '内容编辑', operator: '现场值班' };
export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  passwordHash: z.string(),
  createdAt: IsoInstant,
  /** Halls the user works in; absent or empty = every hall. */
  hallIds: z.array(Id).optional(),
  /** A disabled user cannot sign in; their sessions are ended when they are disabled. */
  disabled: z.boolean().optional(),
  /** When the password was last set (change, reset). */
  passwordChangedAt: IsoInstant.optional(),
});
export type User = z.infer<typeof User>;
export const LoginInput = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});

export const Scope = z.enum(['queue:write']);
export const IntegrationToken = z.object({
  id: Id,
  name: z.string(),
  tokenHash: z.string(),
  scopes: z.array(Scope),
  /** Halls the token may act in; empty = every hall. */
  hallIds: z.array(Id).default([]),
  createdAt: IsoInstant,
});
export type IntegrationToken = z.infer<typeof IntegrationToken>;

/** Media the pipeline has stored (content-addressed). */
export const Media = z.object({
  id: Id,
  kind: z.enum(['image', 'video']),
  name: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.string(),
  bytes: z.number().int().min(0),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  url: z.string(),
  renditions: z.array(
    z.object({
      width: z.number().int(),
      height: z.number().int(),
      url: z.string(),
      bytes: z.number().int(),
      /** Of the rendition file itself, so players can verify what they cache. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    }),
  ),
  thumbnailUrl: z.string(),
  /** Video: length read from the container (ms). */
  durationMs: z.number().int().min(0).optional(),
  /** Video: a poster frame (WebP), made when the editor uploads one. */
  posterUrl: z.string().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(32).default([]),
  createdAt: IsoInstant,
  ownerHallIds: OwnerHallIds,
});
export type Media = z.infer<typeof Media>;

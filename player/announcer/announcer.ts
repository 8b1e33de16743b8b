/**
 * The speaker of a screen: drives the AnnounceQueue through one reused audio element (the server's
 * WAV: chime, then the sentence `repeat` times), so two announcements can never sound at once.
 * - a voice that fails to load (404, decode error) is skipped: the call is still shown and acked;
 * - `play()` refused with NotAllowedError (autoplay blocked) → state `blocked`: the page shows the
 *   one-tap 开启声音 prompt, whose tap calls `unlock()` inside the gesture and the queue goes on;
 * - no audioUrl → the browser's speech synthesis, only with a local zh/cmn voice; else silence;
 * - playback is cut at the call's expiry, and by a watchdog if the element never ends;
 * - an announcement whose sound has not started yet (the WAV still loading) is dropped when its
 *   counter is called again, so a superseded call is never heard;
 * - while an emergency covers the screen nothing is announced (`setSuspended`).
 * DOM-free apart from what is injected, so the state machine is unit-tested with fakes.
 */
import type { QueueCall } from '../../content/model';
import type { AnnouncerStatus } from '../../content/protocol';
import { AnnounceQueue, type Announcement, type OfferResult } from './announce-queue';
import { SpokenIds, SPOKEN_IDS_LIMIT, type KeyValueStorage } from './spoken-ids';

/** An announcement that has not ended after this long is cut (a stalled stream must not block the queue). */
export const MAX_ANNOUNCEMENT_MS = 45_000;

/** What the announcer is doing: silent, sounding, or waiting for a tap because autoplay is blocked. */
export type AnnouncerState = 'idle' | 'playing' | 'blocked';

/** What the announcer says now (nothing while idle or blocked) and how many calls wait, for the operator. */
export type { AnnouncerStatus };

/** The part of HTMLAudioElement the announcer uses. */
export interface AudioSink {
  src: string;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
}

/** Speech synthesis, when a local Chinese voice exists (see speech-voice.ts). */
export interface SpeechSink {
  available(): boolean;
  speak(text: string, repeat: number, events: { started(): void; ended(): void; failed(blocked: boolean): void }): void;
  cancel(): void;
}

/** What the announcer needs from the page and the player. */
export interface AnnouncerOptions {
  /** Server-corrected now. */
  now(): number;
  audio: AudioSink;
  speech?: SpeechSink | null;
  storage: KeyValueStorage | null;
  /** State for the DOM (`data-testid="announcer"`) and the 开启声音 prompt. */
  onState(state: AnnouncerState, callId: string | null): void;
  /** The announcement of `call` started sounding at server time `atMs` (second ack). */
  onAudioStarted(call: QueueCall, atMs: number): void;
  /** Lower (true) or restore (false) other media while announcing. */
  duck(on: boolean): void;
  /** What is said now or how many wait changed (the live console shows it). */
  onStatus?(status: AnnouncerStatus): void;
}

/** The WAV of an announcement spoken `repeat` times. */
export function voiceUrl(audioUrl: string, repeat: number): string {
  return `${audioUrl}${audioUrl.includes('?') ? '&' : '?'}repeat=${repeat}`;
}

const isNotAllowed = (err: unknown): boolean => (err as { name?: string } | null)?.name === 'NotAllowedError';

/** One screen's announcer. Silent until `configure(…, true)`. */
export class Announcer {
  private queue: AnnounceQueue | null = null;
  private screenId = '';
  private enabled = false;
  private suspended = false;
  private blocked = false;
  private active: { token: number; item: Announcement; started: boolean; loaded: boolean } | null = null;
  private token = 0;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private stateNow: AnnouncerState = 'idle';
  private ducked = false;
  private statusKey = '';

  constructor(private readonly options: AnnouncerOptions) {
    options.audio.addEventListener('ended', () => this.audioEnded());
    options.audio.addEventListener('error', () => this.audioEnded('the voice could not be loaded'));
  }

  get state(): AnnouncerState {
    return this.stateNow;
  }

  /** Whether this screen speaks at all. */
  get enabledNow(): boolean {
    return this.enabled;
  }

  /** What is being said now (while it sounds) and how many calls wait their turn. */
  get status(): AnnouncerStatus {
    const waiting = this.queue?.pending.length ?? 0;
    const call = this.stateNow === 'playing' ? this.active?.item.call : undefined;
    return call ? { callId: call.id, ticket: call.ticket, counter: call.counter, waiting } : { waiting };
  }

  /** Whether this screen speaks (`manifest.screen.announce`); the spoken-id memory is per screen. */
  configure(screenId: string, enabled: boolean): void {
    if (screenId !== this.screenId) {
      this.stop();
      this.screenId = screenId;
      this.queue = new AnnounceQueue(this.options.now, new SpokenIds(this.options.storage, `hs-spoken:${screenId}`, SPOKEN_IDS_LIMIT, this.options.now()));
    }
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (!enabled) {
      this.blocked = false;
      this.stop();
    }
  }

  /** A call arrived; returns what the queue made of it (null when this screen does not speak). */
  offer(call: QueueCall): OfferResult | null {
    if (!this.enabled || !this.queue) return null;
    const result = this.queue.offer(call);
    if (result !== 'queued' && result !== 'superseded') console.info(`[announcer] ${call.id} not announced: ${result}`);
    // Still loading (or waiting for a tap) when its counter is called again: it never sounds.
    const active = this.active;
    if (result === 'queued' && active && !active.started && active.item.call.counter === call.counter) this.finish(active.token, 'superseded before it sounded');
    // While blocked, every new call is another try: the autoplay policy may have relented.
    if (this.blocked && this.active) this.playActive();
    else this.pump();
    this.tellStatus();
    return result;
  }

  /** An emergency covers the screen: stop talking until it ends (calls waiting may expire meanwhile). */
  setSuspended(suspended: boolean): void {
    if (suspended === this.suspended) return;
    this.suspended = suspended;
    if (suspended) {
      if (this.active) this.finish(this.active.token, 'suspended by an emergency');
      if (this.ducked) {
        this.ducked = false;
        this.options.duck(false);
      }
      // Idle even if autoplay is blocked: the 开启声音 prompt must not sit on an emergency notice.
      this.setState('idle', null);
    } else this.pump();
  }

  /**
   * Called from the 开启声音 tap (a user gesture): the browser now allows sound, so start again
   * here, synchronously inside the gesture.
   */
  unlock(): void {
    if (!this.blocked) return;
    this.blocked = false;
    if (this.active) this.playActive();
    else this.pump();
    if (!this.active) this.setState('idle', null);
  }

  private pump(): void {
    if (!this.enabled || this.suspended || !this.queue || this.active) return;
    // Even while blocked the next call is tried: if autoplay is still refused it stays active, to
    // be replayed by unlock(); if the policy relented, it simply plays.
    const item = this.queue.next();
    if (!item) {
      if (this.ducked) {
        this.ducked = false;
        this.options.duck(false);
      }
      this.setState(this.blocked ? 'blocked' : 'idle', null);
      return;
    }
    const token = ++this.token;
    this.active = { token, item, started: false, loaded: false };
    const left = Date.parse(item.call.expiresAt) - this.options.now();
    this.expiryTimer = setTimeout(() => this.finish(token, 'expired while announcing'), Math.max(0, left));
    this.playActive();
  }

  /** (Re)start the active announcement's sound. */
  private playActive(): void {
    const active = this.active;
    if (!active) return;
    const { token, item } = active;
    const { call, repeat } = item;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.finish(token, 'did not end in time'), MAX_ANNOUNCEMENT_MS);
    // Every time: a video that started since the last announcement is lowered too (idempotent).
    this.ducked = true;
    this.options.duck(true);
    if (!this.blocked) this.setState('playing', call.id);
    if (call.audioUrl) {
      // A fresh src per announcement (the same recall twice must start from the chime); a retry
      // after unlock keeps the loaded one.
      if (!active.loaded) {
        this.options.audio.src = voiceUrl(call.audioUrl, repeat);
        active.loaded = true;
      }
      let promise: Promise<void>;
      try {
        promise = this.options.audio.play();
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then(
        () => this.started(token),
        (err: unknown) => {
          if (this.active?.token !== token) return;
          if (isNotAllowed(err)) this.block(token);
          else this.finish(token, `cannot play the voice (${(err as Error)?.message ?? err})`);
        },
      );
      return;
    }
    const speech = this.options.speech;
    if (speech?.available()) {
      speech.speak(call.text, repeat, {
        started: () => this.started(token),
        ended: () => this.finish(token),
        failed: (blocked) => (blocked ? this.block(token) : this.finish(token, 'speech synthesis failed')),
      });
      return;
    }
    this.finish(token, 'no voice: the call has no audio and there is no local Chinese voice');
  }

  private started(token: number): void {
    const active = this.active;
    if (active?.token !== token) return;
    this.blocked = false;
    this.setState('playing', active.item.call.id);
    if (active.started) return;
    active.started = true;
    this.options.onAudioStarted(active.item.call, this.options.now());
  }

  private block(token: number): void {
    if (this.active?.token !== token) return;
    clearTimeout(this.watchdog);
    if (!this.blocked) console.warn('[announcer] autoplay is blocked: waiting for a tap on 开启声音');
    this.blocked = true;
    // Nothing sounds while we wait for the tap: give the videos their volume back meanwhile.
    if (this.ducked) {
      this.ducked = false;
      this.options.duck(false);
    }
    this.setState('blocked', this.active.item.call.id);
  }

  /** The audio element ended or failed; only meaningful while an audio announcement is active. */
  private audioEnded(problem?: string): void {
    const active = this.active;
    if (active?.item.call.audioUrl && active.loaded) this.finish(active.token, problem);
  }

  /** End announcement `token` (if it is still the active one) and go on with the queue. */
  private finish(token: number, problem?: string): void {
    const active = this.active;
    if (active?.token !== token) return;
    if (problem) console.warn(`[announcer] ${active.item.call.id}: ${problem}`);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.watchdog);
    this.active = null;
    this.silence();
    this.queue?.finish(active.item.call);
    this.pump();
  }

  private silence(): void {
    try {
      this.options.audio.pause();
    } catch {
      // Pausing an element without a source is harmless; some engines still throw.
    }
    this.options.speech?.cancel();
  }

  /** Stop everything and forget what was waiting (speaking switched off, or another screen). */
  private stop(): void {
    clearTimeout(this.expiryTimer);
    clearTimeout(this.watchdog);
    if (this.active) this.silence();
    this.active = null;
    this.queue?.clear();
    if (this.ducked) {
      this.ducked = false;
      this.options.duck(false);
    }
    this.setState(this.blocked ? 'blocked' : 'idle', null);
  }

  private setState(state: AnnouncerState, callId: string | null): void {
    this.stateNow = state;
    this.options.onState(state, callId);
    this.tellStatus();
  }

  private tellStatus(): void {
    const status = this.status;
    const key = `${status.callId ?? ''}|${status.waiting}`;
    if (key === this.statusKey) return;
    this.statusKey = key;
    this.options.onStatus?.(status);
  }
}

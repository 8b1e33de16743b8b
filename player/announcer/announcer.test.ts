import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueCall } from '../../content/model';
import { Announcer, MAX_ANNOUNCEMENT_MS, voiceUrl, type AnnouncerState, type AudioSink, type SpeechSink } from './announcer';

const T0 = Date.parse('2026-11-27T01:00:00Z');

/** An audio element stand-in: play() is answered by the test (resolve, refuse, or 404). */
class FakeAudio extends EventTarget implements AudioSink {
  src = '';
  plays: string[] = [];
  pauses = 0;
  /** How the next play() answers. */
  answer: 'play' | 'blocked' | 'missing' = 'play';
  playing = false;
  play(): Promise<void> {
    this.plays.push(this.src);
    if (this.answer === 'blocked') return Promise.reject(new DOMException('user gesture needed', 'NotAllowedError'));
    if (this.answer === 'missing') {
      queueMicrotask(() => this.dispatchEvent(new Event('error')));
      return Promise.reject(new DOMException('no supported sources', 'NotSupportedError'));
    }
    this.playing = true;
    return Promise.resolve();
  }
  pause(): void {
    this.pauses++;
    this.playing = false;
  }
  end(): void {
    this.playing = false;
    this.dispatchEvent(new Event('ended'));
  }
}

let seq = 0;
function call(ticket: string, counter: string, extra: Partial<QueueCall> = {}): QueueCall {
  return {
    id: `c${++seq}`,
    ticket,
    counter,
    text: `请 ${ticket} 号到 ${counter} 号窗口办理`,
    audioUrl: `/voice/call.wav?ticket=${ticket}&counter=${counter}`,
    createdAt: new Date(Date.now()).toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ...extra,
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Announcer', () => {
  let audio: FakeAudio;
  let states: string[];
  let started: string[];
  let ducks: boolean[];
  let statuses: string[];
  let announcer: Announcer;
  let speech: SpeechSink | null;
  const storage = new Map<string, string>();

  const make = (): Announcer => {
    const a = new Announcer({
      now: () => Date.now(),
      audio,
      speech,
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
      onState: (s: AnnouncerState, id) => states.push(`${s}:${id ?? ''}`),
      onStatus: (st) => statuses.push(`${st.ticket ?? '-'}@${st.counter ?? '-'}+${st.waiting}`),
      onAudioStarted: (c) => started.push(c.ticket),
      duck: (on) => ducks.push(on),
    });
    a.configure('s1', true);
    return a;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    storage.clear();
    audio = new FakeAudio();
    states = [];
    started = [];
    ducks = [];
    statuses = [];
    speech = null;
    announcer = make();
  });
  afterEach(() => vi.useRealTimers());

  it('tells what it says now and how many wait, for the live console', async () => {
    announcer.offer(call('A001', '1'));
    announcer.offer(call('A002', '2'));
    announcer.offer(call('A003', '3'));
    await flush();
    expect(announcer.status).toEqual({ callId: expect.any(String), ticket: 'A001', counter: '1', waiting: 2 });
    audio.end();
    await flush();
    audio.end();
    await flush();
    audio.end();
    await flush();
    expect(announcer.status).toEqual({ waiting: 0 });
    expect(statuses).toEqual(['-@-+0', 'A001@1+0', 'A001@1+1', 'A001@1+2', 'A002@2+1', 'A003@3+0', '-@-+0']);
  });

  it('drops a call whose voice is still loading when its counter is called again', async () => {
    let answer: () => void = () => {};
    const slow = vi.spyOn(audio, 'play').mockImplementationOnce(function (this: FakeAudio) {
      this.plays.push(this.src);
      return new Promise<void>((resolve) => (answer = resolve));
    });
    announcer.offer(call('A001', '3'));
    vi.advanceTimersByTime(500);
    announcer.offer(call('B001', '3'));
    await flush();
    expect(audio.plays.map((u) => new URL(u, 'http://x').searchParams.get('ticket'))).toEqual(['A001', 'B001']);
    answer();
    await flush();
    expect(started).toEqual(['B001']);
    slow.mockRestore();
  });

  it('plays one WAV at a time through the one element, in order, with the repeat in the URL', async () => {
    const a = call('A001', '1');
    announcer.offer(a);
    announcer.offer(call('A002', '2'));
    await flush();
    expect(audio.plays).toEqual([voiceUrl(a.audioUrl!, 2)]);
    expect(audio.plays[0]).toBe('/voice/call.wav?ticket=A001&counter=1&repeat=2');
    expect(started).toEqual(['A001']);
    audio.end();
    await flush();
    expect(audio.plays).toHaveLength(2);
    expect(audio.plays[1]).toContain('ticket=A002');
    audio.end();
    await flush();
    expect(announcer.state).toBe('idle');
    expect(states.at(-1)).toBe('idle:');
  });

  it('lowers other media while announcing and restores it when the queue is empty', async () => {
    announcer.offer(call('A001', '1'));
    await flush();
    expect(ducks.at(-1)).toBe(true);
    audio.end();
    await flush();
    expect(ducks.at(-1)).toBe(false);
  });

  it('skips a voice that does not load (404) and goes on with the next call', async () => {
    audio.answer = 'missing';
    announcer.offer(call('A001', '1'));
    announcer.offer(call('A002', '2'));
    await flush();
    await flush();
    expect(audio.plays.map((u) => u.includes('A002'))).toContain(true);
    expect(started).toEqual([]);
    expect(announcer.state).toBe('idle');
  });

  it('waits for a tap when autoplay is blocked, then plays the same call and goes on', async () => {
    audio.answer = 'blocked';
    const a = call('A001', '1');
    announcer.offer(a);
    announcer.offer(call('A002', '2'));
    await flush();
    expect(announcer.state).toBe('blocked');
    expect(states.at(-1)).toBe(`blocked:${a.id}`);
    audio.answer = 'play';
    announcer.unlock();
    await flush();
    expect(announcer.state).toBe('playing');
    expect(audio.plays.slice(-1)[0]).toContain('A001');
    expect(started).toEqual(['A001']);
    audio.end();
    await flush();
    expect(started).toEqual(['A001', 'A002']);
  });

  it('hides the blocked prompt while an emergency is shown and brings it back after', async () => {
    audio.answer = 'blocked';
    announcer.offer(call('A001', '1'));
    await flush();
    expect(announcer.state).toBe('blocked');
    announcer.setSuspended(true);
    expect(announcer.state).toBe('idle');
    announcer.setSuspended(false);
    await flush();
    expect(announcer.state).toBe('blocked');
  });

  it('cuts an announcement at the call expiry and one that never ends', async () => {
    announcer.offer(call('A001', '1', { expiresAt: new Date(Date.now() + 3000).toISOString() }));
    announcer.offer(call('A002', '2'));
    await flush();
    vi.advanceTimersByTime(3000);
    await flush();
    expect(audio.pauses).toBeGreaterThan(0);
    expect(audio.plays.at(-1)).toContain('A002');
    vi.advanceTimersByTime(MAX_ANNOUNCEMENT_MS);
    await flush();
    expect(announcer.state).toBe('idle');
  });

  it('does not speak a call again after a reload', async () => {
    const a = call('A001', '1');
    announcer.offer(a);
    await flush();
    audio.end();
    await flush();
    const again = make();
    expect(again.offer(a)).toBe('spoken');
    expect(audio.plays).toHaveLength(1);
  });

  it('stays silent on screens that do not speak, and while an emergency is shown', async () => {
    announcer.configure('s1', false);
    expect(announcer.offer(call('A001', '1'))).toBeNull();
    announcer.configure('s1', true);
    announcer.setSuspended(true);
    announcer.offer(call('A002', '2'));
    await flush();
    expect(audio.plays).toEqual([]);
    announcer.setSuspended(false);
    await flush();
    expect(audio.plays).toHaveLength(1);
  });

  it('falls back to a local Chinese speech voice only for calls without audio', async () => {
    const spoken: string[] = [];
    speech = {
      available: () => true,
      speak: (text, repeat, events) => {
        spoken.push(`${text}×${repeat}`);
        events.started();
        setTimeout(() => events.ended(), 2000);
      },
      cancel: () => {},
    };
    announcer = make();
    announcer.offer(call('A001', '1', { audioUrl: undefined }));
    announcer.offer(call('A002', '2'));
    await flush();
    expect(spoken).toEqual(['请 A001 号到 1 号窗口办理×2']);
    expect(audio.plays).toEqual([]);
    vi.advanceTimersByTime(2000);
    await flush();
    expect(audio.plays).toHaveLength(1);
  });

  it('says nothing for a call without audio when no local Chinese voice exists', async () => {
    speech = { available: () => false, speak: () => expect.fail('must not speak'), cancel: () => {} };
    announcer = make();
    announcer.offer(call('A001', '1', { audioUrl: undefined }));
    await flush();
    expect(announcer.state).toBe('idle');
  });
});

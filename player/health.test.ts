import { describe, expect, it } from 'vitest';
import { FRAME_STALL_MS, healthReport, unhealthyReason } from './health';
import { offlineBadgeDelay } from './offline/offline-badge';
import { DEFAULT_OFFLINE_BADGE_MS, PlayerMessage } from '../content/protocol';

describe('unhealthyReason', () => {
  const fine = { sinceLastTickMs: 16, visible: true, heap: { used: 100e6, limit: 4e9 } };

  it('is null for a healthy page', () => {
    expect(unhealthyReason(fine)).toBeNull();
  });

  it('flags a frame loop stopped while visible, not while hidden (browsers pause hidden pages)', () => {
    expect(unhealthyReason({ ...fine, sinceLastTickMs: FRAME_STALL_MS + 1 })).toMatch(/画面循环已停止/);
    expect(unhealthyReason({ ...fine, sinceLastTickMs: FRAME_STALL_MS + 1, visible: false })).toBeNull();
  });

  it('flags a heap past 85 % of its limit', () => {
    expect(unhealthyReason({ ...fine, heap: { used: 0.9e9, limit: 1e9 } })).toMatch(/JS 内存/);
    expect(unhealthyReason({ ...fine, heap: null })).toBeNull();
  });
});

describe('healthReport', () => {
  it('carries what the editor shows, within the protocol limits', () => {
    const r = healthReport({
      slideId: () => 's1',
      nowPlaying: () => '电费缴纳'.repeat(100),
      fps: () => 59.94,
      resolution: () => ({ width: 1920, height: 1080 }),
      renderer: () => 'webgl',
      cacheBytes: () => 1234,
      clockOffsetMs: () => -12.6,
      playerVersion: '0.1.0',
    });
    expect(r).toMatchObject({ type: 'health', slideId: 's1', fps: 59.9, cacheBytes: 1234, clockOffsetMs: -13, playerVersion: '0.1.0' });
    expect(r.nowPlaying!.length).toBe(200);
    expect(r).not.toHaveProperty('announcer');
  });

  it("carries a speaker screen's announcer status, valid for the protocol", () => {
    const base = { slideId: () => 's1', nowPlaying: () => undefined, fps: () => 60, resolution: () => ({ width: 1920, height: 1080 }), renderer: () => 'webgl', cacheBytes: () => undefined, clockOffsetMs: () => 0, playerVersion: '0.1.0' };
    const r = healthReport({ ...base, announcer: () => ({ callId: 'c1', ticket: 'A023', counter: '3', waiting: 4 }) });
    expect(r.announcer).toEqual({ callId: 'c1', ticket: 'A023', counter: '3', waiting: 4 });
    expect(PlayerMessage.safeParse(r).success).toBe(true);
    expect(PlayerMessage.safeParse({ ...r, announcer: { waiting: -1 } }).success).toBe(false);
  });
});

describe('offlineBadgeDelay', () => {
  it('uses the default for TVs, nothing for LED strips unless set', () => {
    expect(offlineBadgeDelay({ kind: 'tv' })).toBe(DEFAULT_OFFLINE_BADGE_MS);
    expect(offlineBadgeDelay({ kind: 'ledStrip' })).toBeNull();
    expect(offlineBadgeDelay({ kind: 'ledStrip', offlineBadgeMs: 30_000 })).toBe(30_000);
    expect(offlineBadgeDelay({ kind: 'tv', offlineBadgeMs: 0 })).toBeNull();
  });
});

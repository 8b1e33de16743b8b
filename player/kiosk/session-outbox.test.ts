import { describe, expect, it } from 'vitest';
import type { KioskSession, PlayerMessage } from '../../content/protocol';
import { SessionOutbox, type SessionLink } from './session-outbox';

const KEY = 'hall-signage:kiosk-sessions:scr_1';
const session = (endedBy: KioskSession['endedBy']): KioskSession => ({
  slideId: 'sld_app',
  startedAt: '2026-05-01T02:00:00.000Z',
  durationMs: 42_000,
  pages: ['home'],
  tiles: [],
  maxDepth: 0,
  endedBy,
});

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

function link(online: boolean): SessionLink & { sent: PlayerMessage[]; goOnline(): void } {
  let listener: ((s: 'online' | 'offline' | 'error') => void) | null = null;
  const l = {
    sent: [] as PlayerMessage[],
    send(m: PlayerMessage) {
      if (!online) return false;
      l.sent.push(m);
      return true;
    },
    onStatus(fn: (s: 'online' | 'offline' | 'error') => void) {
      listener = fn;
      return () => (listener = null);
    },
    goOnline() {
      online = true;
      listener?.('online');
    },
  };
  return l;
}

describe('SessionOutbox', () => {
  it('keep() stores the session even when online, and the next page sends it', () => {
    const storage = memoryStorage();
    const before = link(true);
    new SessionOutbox(before, storage, KEY).keep(session('schedule'));
    expect(before.sent).toEqual([]);
    expect(JSON.parse(storage.getItem(KEY)!)).toHaveLength(1);

    const after = link(false);
    new SessionOutbox(after, storage, KEY);
    after.goOnline();
    expect(after.sent).toEqual([{ type: 'kioskSession', session: session('schedule') }]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('keep() without storage sends at once: memory would go with the reload', () => {
    const l = link(true);
    new SessionOutbox(l, null, KEY).keep(session('schedule'));
    expect(l.sent).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Override } from '../../content/model';
import { activeOverrides } from './active-overrides';

const screen = { id: 's1', hallId: 'h1', area: 'waiting' as const, tags: [] };
const now = Date.parse('2026-11-27T01:00:00Z');

function override(id: string, kind: 'emergency' | 'message', extra: Partial<Override> = {}): Override {
  return { id, kind, target: { all: true }, title: `标题 ${id}`, body: '', createdAt: '2026-11-27T00:00:00Z', createdBy: 'op', ...extra };
}

describe('activeOverrides', () => {
  it('drops overrides past their expiry by server time', () => {
    const list = [override('old', 'emergency', { expiresAt: new Date(now).toISOString() }), override('m', 'message')];
    const active = activeOverrides(list, screen, now);
    expect(active.emergency).toBeNull();
    expect(active.message?.id).toBe('m');
  });

  it('shows the newest emergency and reports the next expiry', () => {
    const list = [
      override('e1', 'emergency', { createdAt: '2026-11-27T00:10:00Z', expiresAt: '2026-11-27T02:00:00Z' }),
      override('e2', 'emergency', { createdAt: '2026-11-27T00:20:00Z', expiresAt: '2026-11-27T03:00:00Z' }),
    ];
    const active = activeOverrides(list, screen, now);
    expect(active.emergency?.id).toBe('e2');
    expect(active.nextExpiryMs).toBe(Date.parse('2026-11-27T02:00:00Z'));
  });

  it('ignores overrides aimed at other screens', () => {
    const list = [override('x', 'message', { target: { screenIds: ['other'] } })];
    expect(activeOverrides(list, screen, now).message).toBeNull();
  });

  it.each([
    ['an emergency without a choice takes the screen (as before)', [override('e', 'emergency')], 'e', null],
    ['a 横幅 emergency runs as the band', [override('e', 'emergency', { display: 'banner' })], null, 'e'],
    ['a 横幅 emergency outranks a message for the band', [override('m', 'message', { createdAt: '2026-11-27T00:30:00Z' }), override('e', 'emergency', { display: 'banner' })], null, 'e'],
    ['a message is a band even if it says fullscreen', [override('m', 'message', { display: 'fullscreen' })], null, 'm'],
    ['a takeover and a message: both, the message in the band', [override('e', 'emergency', { display: 'fullscreen' }), override('m', 'message')], 'e', 'm'],
  ])('%s', (_name, list, takeover, band) => {
    const active = activeOverrides(list, screen, now);
    expect(active.takeover?.id ?? null).toBe(takeover);
    expect(active.band?.id ?? null).toBe(band);
  });
});

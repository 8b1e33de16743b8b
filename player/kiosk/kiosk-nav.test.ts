import { describe, expect, it } from 'vitest';
import { KioskNav } from './kiosk-nav';

const T0 = Date.parse('2026-05-01T02:00:00Z');
const nav = () => new KioskNav('home', () => 'sld_app');

describe('KioskNav', () => {
  it('opens on the home page at depth 0 and pushes pages as tiles are touched', () => {
    const n = nav();
    expect(n.isOpen).toBe(false);
    expect(n.current).toBeNull();
    n.open(T0, 'touch');
    expect(n.current).toBe('home');
    expect(n.depth).toBe(0);
    n.push('guides');
    n.push('guide-new');
    expect(n.stack).toEqual(['home', 'guides', 'guide-new']);
    expect(n.depth).toBe(2);
  });

  it('back pops one page, and back from home says exit', () => {
    const n = nav();
    n.open(T0);
    n.push('guides');
    expect(n.back()).toBe('page');
    expect(n.current).toBe('home');
    expect(n.back()).toBe('exit');
    expect(n.current).toBe('home');
  });

  it('home drops the whole stack but the first page', () => {
    const n = nav();
    n.open(T0);
    n.push('guides');
    n.push('guide-new');
    n.goHome();
    expect(n.stack).toEqual(['home']);
  });

  it('end reports pages, tiles, max depth, duration and input, then resets so nothing leaks into the next session', () => {
    const n = nav();
    n.open(T0, 'keyboard');
    n.push('guides');
    n.push('guide-new');
    n.back();
    n.back();
    n.push('prices');
    const s = n.end(T0 + 42_000, 'idle');
    expect(s).toEqual({
      slideId: 'sld_app',
      startedAt: '2026-05-01T02:00:00.000Z',
      durationMs: 42_000,
      pages: ['home', 'guides', 'guide-new', 'prices'],
      tiles: ['home/guides', 'guides/guide-new', 'home/prices'],
      maxDepth: 2,
      endedBy: 'idle',
      input: 'keyboard',
    });
    expect(n.isOpen).toBe(false);
    expect(n.stack).toEqual([]);
    expect(n.end(T0 + 50_000, 'idle')).toBeNull();
    n.open(T0 + 60_000);
    expect(n.stack).toEqual(['home']);
    expect(n.end(T0 + 61_000, 'exit')).toMatchObject({ pages: ['home'], tiles: [], maxDepth: 0, durationMs: 1000 });
  });

  it('a new home page takes effect at the next session', () => {
    const n = nav();
    n.open(T0);
    n.setHome('start');
    expect(n.current).toBe('home');
    n.end(T0, 'exit');
    n.open(T0);
    expect(n.current).toBe('start');
  });

  it('caps the trail at the protocol limit of 200 entries', () => {
    const n = nav();
    n.open(T0);
    for (let i = 0; i < 150; i++) {
      n.push('guides');
      n.back();
    }
    const s = n.end(T0 + 1, 'idle')!;
    expect(s.pages).toHaveLength(151);
    expect(s.tiles).toHaveLength(150);
    n.open(T0);
    for (let i = 0; i < 300; i++) n.push(`p${i}`);
    const long = n.end(T0 + 1, 'idle')!;
    expect(long.pages).toHaveLength(200);
    expect(long.tiles).toHaveLength(200);
    expect(long.maxDepth).toBe(100);
  });
});

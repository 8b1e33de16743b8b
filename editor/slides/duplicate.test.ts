import { describe, expect, it } from 'vitest';
import type { Playlist, Slide } from '../../content/model';
import { copyName, playlistCopyInput, slideCopyInput } from './duplicate';

const at = '2026-12-01T00:00:00.000Z';

describe('复制', () => {
  it('copies a slide\'s fields under "<title>（副本）" without id, review state or published version', () => {
    const slide = {
      id: 'sl_1', type: 'notice', title: '停电检修通知', body: '周六停电', level: 'urgent', tags: ['停电'], durationMs: 8000,
      status: 'approved', createdAt: at, updatedAt: at, ownerHallIds: [], published: { id: 'sl_1' }, rejection: { reason: 'x', at, by: 'r' },
    } as unknown as Slide;
    const copy = slideCopyInput(slide) as Record<string, unknown>;
    expect(copy).toEqual({ type: 'notice', title: '停电检修通知（副本）', body: '周六停电', level: 'urgent', tags: ['停电'], durationMs: 8000 });
  });

  it('keeps a copy of a 100-character title within 100 characters, suffix included', () => {
    const name = copyName('长'.repeat(100));
    expect(name).toHaveLength(100);
    expect(name.endsWith('（副本）')).toBe(true);
  });

  it('copies a playlist with the same items in the same order', () => {
    const p = { id: 'pl_1', name: '迎宾轮播', items: [{ slideId: 'a' }, { slideId: 'b', durationMs: 5000 }], createdAt: at, updatedAt: at, ownerHallIds: [] } as Playlist;
    expect(playlistCopyInput(p)).toEqual({ name: '迎宾轮播（副本）', items: [{ slideId: 'a' }, { slideId: 'b', durationMs: 5000 }] });
  });
});

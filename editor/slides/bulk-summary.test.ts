import { describe, expect, it } from 'vitest';
import { bulkSummary } from './bulk-summary';

describe('bulkSummary()', () => {
  it('counts successes and groups failures by reason in staff words', () => {
    const ok = { id: 'a', ok: true };
    const denied = { id: 'b', ok: false, error: { code: 'outside_halls', message: '' } };
    const used = { id: 'c', ok: false, error: { code: 'in_use', message: '' } };
    expect(bulkSummary('approve', [ok, ok, ok, ok, ok, denied, denied])).toBe('已通过 5 项，2 项无权限');
    expect(bulkSummary('delete', [ok, used])).toBe('已删除 1 项，1 项仍在使用');
    expect(bulkSummary('tag', [ok])).toBe('已添加标签 1 项');
  });
});

/** The words of a bulk result toast: "已通过 5 项，2 项无权限，1 项仍在使用". Pure, so it is unit-tested. */
import type { SlideBulkAction, SlideBulkResult } from '../../content/slide-bulk';

const DONE: Record<SlideBulkAction, string> = { approve: '已通过', delete: '已删除', tag: '已添加标签', untag: '已移除标签' };
const WHY: Record<string, string> = { forbidden: '无权限', outside_halls: '无权限', not_found: '不存在', in_use: '仍在使用' };

/** One line for the toast; failures grouped by reason, in words staff use. */
export function bulkSummary(action: SlideBulkAction, results: readonly SlideBulkResult[]): string {
  const ok = results.filter((r) => r.ok).length;
  const failed = new Map<string, number>();
  for (const r of results) if (!r.ok) {
    const why = WHY[r.error?.code ?? ''] ?? '失败';
    failed.set(why, (failed.get(why) ?? 0) + 1);
  }
  return [`${DONE[action]} ${ok} 项`, ...[...failed].map(([why, n]) => `${n} 项${why}`)].join('，');
}

/**
 * The 操作日志 page names each kind of element once: the 用户名 filter and the user cell of a row
 * once shared `audit-user`, so a test aimed at the filter could type into nothing or match every row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('audit-view test ids', () => {
  it('no data-testid is written twice in the page', () => {
    const source = readFileSync(new URL('./audit-view.ts', import.meta.url), 'utf8');
    const ids = [...source.matchAll(/'data-testid': '([^']+)'/g)].map((m) => m[1]);
    expect(ids).toContain('audit-user');
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

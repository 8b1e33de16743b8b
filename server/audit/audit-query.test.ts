/**
 * Paging the audit trail from the NDJSON files: the cursor names the last line shown, so lines written
 * between two page requests neither repeat nor hide a line, across UTC days; a bad cursor is refused.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditQuery, readAudit } from './audit-query';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Appends audit lines `ids` to the file of UTC `day`, a minute apart from `hour`. */
async function write(day: string, hour: number, ids: string[]): Promise<void> {
  const lines = ids.map((id, i) => `${JSON.stringify({ at: `${day}T${String(hour).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`, who: 'user:admin', action: 'slide.update', id })}\n`);
  await appendFile(path.join(dir!, `audit-${day}.ndjson`), lines.join(''));
}

/** Every page of `q` in turn; `between` runs after each page (a write while someone reads). */
async function allPages(limit: number, between: (page: number) => Promise<void> = async () => {}): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await readAudit(dir!, AuditQuery.parse({ limit: String(limit), ...(cursor !== undefined && { cursor: String(cursor) }) }), 'all', 'Asia/Shanghai');
    pages.push(page.entries.map((e) => e.id!));
    cursor = page.nextCursor === undefined ? undefined : String(page.nextCursor);
    await between(pages.length);
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

describe('audit paging', () => {
  it('lines written between two pages neither repeat nor skip a line of the pages being read', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-page-'));
    await write('2026-03-10', 8, ['a1', 'a2', 'a3', 'a4', 'a5']);
    const pages = await allPages(2, async (n) => write('2026-03-10', 9 + n, [`new${n}a`, `new${n}b`, `new${n}c`]));
    expect(pages).toEqual([['a5', 'a4'], ['a3', 'a2'], ['a1']]);
  });

  it('pages across UTC days, a page ending on the first line of a day included', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-page-'));
    await write('2026-03-08', 8, ['d1', 'd2']);
    await write('2026-03-09', 8, ['e1']);
    await write('2026-03-11', 8, ['f1', 'f2', 'f3']);
    // A torn line (a crash mid-write) is skipped but still counts as a line of its file.
    await appendFile(path.join(dir, 'audit-2026-03-11.ndjson'), '{"at":"2026-03-11T\n');
    await write('2026-03-11', 9, ['f4']);
    expect((await allPages(2)).flat()).toEqual(['f4', 'f3', 'f2', 'f1', 'e1', 'd2', 'd1']);
    expect(await allPages(3)).toEqual([['f4', 'f3', 'f2'], ['f1', 'e1', 'd2'], ['d1']]);
    expect(await allPages(4)).toEqual([['f4', 'f3', 'f2', 'f1'], ['e1', 'd2', 'd1']]);
    expect(await allPages(7)).toEqual([['f4', 'f3', 'f2', 'f1', 'e1', 'd2', 'd1']]);
  });

  it('refuses a cursor it did not hand out, in Chinese; 0 (the first page, as old editors sent it) still works', () => {
    for (const bad of ['abc', '5', '2026-13-01.3', '2026-03-10.', '2026-03-10.-1', '2026-03-10.1.2']) {
      const r = AuditQuery.safeParse({ cursor: bad });
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/翻页位置无效/);
    }
    expect(AuditQuery.parse({ cursor: '0' }).cursor).toBeUndefined();
    expect(AuditQuery.parse({ cursor: '2026-03-10.4' }).cursor).toEqual({ day: '2026-03-10', pos: 4 });
  });
});

import { describe, expect, it } from 'vitest';
import { auditCsv, csvField } from './audit-csv';

describe('auditCsv()', () => {
  it('writes one row per entry in the hall time zone, with hall names and the details', () => {
    const csv = auditCsv(
      [{ at: '2026-11-27T16:30:00.000Z', username: 'alice', who: 'user:alice', action: 'slide.create', id: 'sld_1', hallId: 'h1', title: '通知' }],
      'Asia/Shanghai',
      (id) => (id === 'h1' ? 'A 厅' : id),
    );
    expect(csv.startsWith('\uFEFF时间,用户,操作,对象,营业厅,详情\r\n')).toBe(true);
    expect(csv).toContain('2026-11-28 00:30:00,alice,slide.create,sld_1,A 厅,"{""title"":""通知""}"');
  });
  it('names the user by display name with the login beside it, and keeps byName out of the details', () => {
    const csv = auditCsv([{ at: '2026-11-27T16:30:00.000Z', username: 'zhiban', byName: '张值班', who: 'user:zhiban', action: 'override.clear', id: 'ovr_1' }], 'Asia/Shanghai', (id) => id);
    expect(csv).toContain('2026-11-28 00:30:00,张值班（zhiban）,override.clear,ovr_1,,\r\n');
  });
  it.each([
    ['=cmd()', "'=cmd()"],
    ['a,b', '"a,b"'],
    ['plain', 'plain'],
  ])('csvField(%s) → %s', (v, out) => expect(csvField(v)).toBe(out));
});

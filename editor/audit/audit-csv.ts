/** The audit trail as CSV (UTF-8 with a BOM so Excel shows Chinese; formulas defused). */
import type { AuditEntry } from '../api';

/** A CSV field: quoted when needed, and a leading = + - @ defused so Excel never runs it as a formula. */
export function csvField(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns: time (in `timeZone`), user, action, object, halls, details (the rest of the line as JSON). */
export function auditCsv(entries: readonly AuditEntry[], timeZone: string, hallName: (id: string) => string): string {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const lines = [['时间', '用户', '操作', '对象', '营业厅', '详情'].join(',')];
  for (const e of entries) {
    const { at, username, byName, action, id, hallId, hallIds, who: _w, ...rest } = e;
    const halls = (hallIds ?? (hallId ? [hallId] : [])).map(hallName).join('、');
    lines.push([fmt.format(new Date(at)), byName && byName !== username ? `${byName}（${username}）` : username, action, id ?? '', halls, Object.keys(rest).length ? JSON.stringify(rest) : ''].map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

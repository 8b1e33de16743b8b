/**
 * 操作日志 (admins; reviewers see their halls): every write with when, who and what, filtered by
 * dates (the hall's calendar), hall, user, action and object, paged with 加载更多, exported as CSV.
 */
import type { Hall } from '../../content/model';
import { api, staffApi, type AuditEntry, type AuditQueryInput } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, withBusy } from '../ui/feedback';
import { button, card, loadError, pageHeader, table } from '../ui/page';
import { auditCsv } from './audit-csv';

const PAGE = 100;
/** Export at most this many lines (one request per page). */
const EXPORT_MAX = 5000;

export const auditView: View = (root) => {
  const from = h('input', { type: 'date', 'data-testid': 'audit-from' });
  const to = h('input', { type: 'date', 'data-testid': 'audit-to' });
  const hall = h('select', { 'data-testid': 'audit-hall' });
  const user = h('input', { type: 'text', 'data-testid': 'audit-user', placeholder: '用户名' });
  const action = h('input', { type: 'text', 'data-testid': 'audit-action', placeholder: '如 slide 或 slide.approve' });
  const object = h('input', { type: 'text', 'data-testid': 'audit-object', placeholder: '对象编号' });
  const list = h('div', {});
  const more = button('加载更多', 'audit-more', () => void withBusy(more, () => load(true)));
  more.hidden = true;
  let halls: Hall[] = [];
  let entries: AuditEntry[] = [];
  let cursor: string | undefined;
  const hallName = (id: string) => halls.find((x) => x.id === id)?.name ?? id;
  const timeZone = () => halls.find((x) => x.id === hall.value)?.timezone ?? halls[0]?.timezone ?? 'Asia/Shanghai';
  const query = (): AuditQueryInput => ({ from: from.value, to: to.value, hallId: hall.value, user: user.value.trim(), action: action.value.trim(), object: object.value.trim() });

  const render = () => {
    const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const rows = entries.map((e) =>
      h('tr', { 'data-testid': 'audit-row', 'data-action': e.action }, [
        h('td', { class: 'nowrap' }, fmt.format(new Date(e.at))),
        h('td', { 'data-testid': 'audit-row-user', title: e.username }, e.byName ?? e.username),
        h('td', {}, e.action),
        h('td', { class: 'code' }, e.id ?? ''),
        h('td', {}, (e.hallIds ?? (e.hallId ? [e.hallId] : [])).map(hallName).join('、') || '—'),
      ]),
    );
    mount(list, table(['时间', '用户', '操作', '对象', '营业厅'], rows, '没有符合条件的记录', 'audit-table'));
    more.hidden = cursor === undefined;
  };
  const load = async (append = false) => {
    try {
      const page = await staffApi.audit({ ...query(), limit: PAGE, cursor: append ? cursor : undefined });
      entries = append ? [...entries, ...page.entries] : page.entries;
      cursor = page.nextCursor;
      render();
    } catch (err) {
      mount(list, loadError(errorText(err), () => void load()));
    }
  };
  const exportCsv = button('导出 CSV', 'audit-export', () => void withBusy(exportCsv, async () => {
    const all: AuditEntry[] = [];
    let next: string | undefined;
    do {
      const page = await staffApi.audit({ ...query(), limit: 1000, cursor: next });
      all.push(...page.entries);
      next = page.nextCursor;
    } while (next !== undefined && all.length < EXPORT_MAX);
    const url = URL.createObjectURL(new Blob([auditCsv(all, timeZone(), hallName)], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `操作日志_${from.value || '全部'}_${to.value || '至今'}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }));
  const search = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'audit-search' }, '查询');
  const filters = h('form', { class: 'filters', 'data-testid': 'audit-filters' }, [
    h('label', {}, ['从 ', from]), h('label', {}, ['至 ', to]), h('label', {}, ['营业厅 ', hall]),
    h('label', {}, ['用户 ', user]), h('label', {}, ['操作 ', action]), h('label', {}, ['对象 ', object]), search,
  ]);
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    void withBusy(search, () => load());
  });
  mount(root, [pageHeader('操作日志', '谁在什么时候改了什么', exportCsv), card(null, [filters, list, h('div', { class: 'actions' }, more)])]);
  void api.listHalls().then((hs) => {
    halls = hs;
    mount(hall, options([['', '全部'], ...hs.map((x): [string, string] => [x.id, x.name])]));
  }, () => {}).finally(() => void load());
};

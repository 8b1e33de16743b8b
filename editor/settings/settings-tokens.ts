/**
 * 接口令牌: bearer tokens the queue system (排队叫号) uses to send calls and events, scoped
 * `queue:write` and optionally tied to halls. The server stores only a hash, so the plaintext is shown
 * once, right after creation, with a copy button and a clear warning.
 */
import { z } from 'zod';
import { Id, type Hall } from '../../content/model';
import { api, isMissingEndpoint, type CreatedToken, type TokenView } from '../api';
import { copyText } from '../ui/clipboard';
import type { ViewContext } from '../context';
import { confirmDialog, openDialog } from '../ui/dialog';
import { h, mount, options, selectedValues } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { button, loadError, loading, table } from '../ui/page';
import { formatDateTime } from '../time/time-format';

const SCOPE_LABELS: Record<string, string> = { 'queue:write': '叫号写入（queue:write）' };

/** What the create form sends; the server checks the same and more. */
const TokenForm = z.object({
  name: z.string().trim().min(1, '令牌名称不能为空').max(100, '名称至多 100 字'),
  hallIds: z.array(Id),
});

function showPlaintext(body: HTMLElement, created: CreatedToken, close: () => void): void {
  const copy = button('复制令牌', 'token-copy', () =>
    void copyText(created.token).then(() => toast('令牌已复制'), () => toast('复制失败，请手动选中令牌复制', 'error')), 'primary');
  mount(body, h('div', { class: 'token-secret' }, [
    h('p', { class: 'token-warn', 'data-testid': 'token-warn', role: 'alert' }, '令牌只显示这一次，关闭后无法再次查看。请立即复制，保存到排队系统的配置中；遗失只能吊销后重新创建。'),
    h('p', { class: 'code', 'data-testid': 'token-plaintext' }, created.token),
    h('div', { class: 'actions' }, [copy]),
    h('p', { class: 'muted' }, '排队系统调用时在请求头中携带：'),
    h('p', { class: 'code' }, `Authorization: Bearer ${created.token}`),
    h('div', { class: 'actions' }, [button('我已保存，关闭', 'token-done', close)]),
  ]));
  copy.focus();
}

function openCreateDialog(halls: Hall[], onCreated: () => void): void {
  const name = h('input', { type: 'text', 'data-testid': 'token-name', maxlength: 100, placeholder: '例如：城东营业厅排队机' });
  const hallSel = h('select', { multiple: true, 'data-testid': 'token-halls', size: Math.min(6, Math.max(3, halls.length)) }, options(halls.map((x): [string, string] => [x.id, x.name])));
  const create = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'token-create' }, '创建令牌');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('名称', name, { path: 'name', required: true, wide: true, hint: '说明谁在用它，便于日后吊销' }),
    field('限定营业厅', hallSel, { path: 'hallIds', wide: true, hint: '不选 = 所有营业厅；选了则只能在这些营业厅叫号。按住 Ctrl（Mac 为 ⌘）可多选' }),
    h('p', { class: 'muted wide' }, `权限：${SCOPE_LABELS['queue:write']}——发送叫号和排队事件，不能修改内容`),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, create),
  ]);
  const body = h('div', {}, form);
  const close = openDialog('新建接口令牌', body, { testid: 'token-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = TokenForm.safeParse({ name: name.value, hallIds: selectedValues(hallSel) });
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    void withBusy(create, async () => {
      const { name: n, hallIds } = parsed.data;
      const created = await api.createToken({ name: n, scopes: ['queue:write'], ...(hallIds.length ? { hallIds } : {}) });
      toast(`令牌「${created.name}」已创建`);
      showPlaintext(body, created, close);
      onCreated();
    });
  });
  name.focus();
}

/** The card body and its 新建令牌 button. */
export function tokensSection(ctx: ViewContext): { el: HTMLElement; action: HTMLElement; dispose(): void } {
  const el = h('div', { 'data-testid': 'settings-tokens' }, loading());
  let halls: Hall[] = [];
  const hallNames = (ids: string[]) => (ids.length ? ids.map((id) => halls.find((x) => x.id === id)?.name ?? id).join('、') : '所有营业厅');

  const row = (t: TokenView) => {
    const revoke = button('吊销', 'token-revoke', async () => {
      if (!(await confirmDialog(`吊销令牌「${t.name}」？使用它的排队系统将立即无法叫号。`, '吊销'))) return;
      await withBusy(revoke, async () => {
        await api.deleteToken(t.id);
        toast(`已吊销「${t.name}」`);
        await reload();
      });
    }, 'danger-text');
    return h('tr', { 'data-testid': 'token-row', 'data-token-id': t.id }, [
      h('td', { class: 'title-cell' }, t.name),
      h('td', {}, t.scopes.map((s) => SCOPE_LABELS[s] ?? s).join('、')),
      h('td', {}, hallNames(t.hallIds)),
      h('td', { class: 'nowrap' }, formatDateTime(t.createdAt)),
      h('td', {}, h('div', { class: 'row-actions' }, revoke)),
    ]);
  };
  const reload = async () => {
    try {
      const [tokens, hs] = await Promise.all([api.listTokens(), api.listHalls()]);
      halls = hs;
      const sorted = [...tokens].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      mount(el, table(['名称', '权限', '营业厅', '创建时间', '操作'], sorted.map(row), '还没有接口令牌：排队系统需要令牌才能叫号', 'token-table'));
    } catch (err) {
      if (isMissingEndpoint(err)) mount(el, h('p', { class: 'muted' }, '服务器暂未提供接口令牌管理'));
      else mount(el, loadError(errorText(err), () => void reload()));
    }
  };
  const action = button('新建令牌', 'token-new', async () => {
    if (!halls.length) halls = await api.listHalls().catch(() => []);
    openCreateDialog(halls, () => void reload());
  }, 'primary');
  const off = ctx.live.onChanged(['tokens', 'halls'], () => void reload());
  void reload();
  return { el, action, dispose: off };
}

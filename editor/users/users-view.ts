/**
 * 用户管理 (admins): staff accounts with role and halls; create, edit, disable / enable, reset a
 * password, sign out everywhere, delete. The server enforces the password policy and keeps one
 * unrestricted admin; its messages are shown as they come.
 */
import type { Hall, Role } from '../../content/model';
import { api, staffApi, type UserView } from '../api';
import type { View } from '../context';
import { confirmDialog, openDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { errorSlot, field } from '../ui/fields';
import { badge, button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { ROLE_LABELS } from '../access/roles';
import { formatDateTime } from '../time/time-format';

const ROLES: Role[] = ['admin', 'reviewer', 'editor', 'operator'];
export const PASSWORD_HINT = '至少 10 位，同时包含字母和数字，不要用常见密码';

/** Hall checkboxes; none ticked = every hall. */
function hallBoxes(halls: Hall[], selected: readonly string[]): { el: HTMLElement; value(): string[] } {
  const boxes = halls.map((hall) => h('input', { type: 'checkbox', value: hall.id, 'data-testid': `user-hall-${hall.id}`, checked: selected.includes(hall.id) }));
  const el = h('div', { class: 'checkbox-list' }, halls.map((hall, i) => h('label', { class: 'check' }, [boxes[i]!, ` ${hall.name}`])));
  return { el, value: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

function openUserForm(halls: Hall[], existing: UserView | undefined, onSaved: () => void): void {
  const username = h('input', { type: 'text', 'data-testid': 'user-username', maxlength: 32, value: existing?.username ?? '', disabled: !!existing });
  const displayName = h('input', { type: 'text', 'data-testid': 'user-display-name', maxlength: 40, value: existing?.displayName ?? '' });
  const role = h('select', { 'data-testid': 'user-role' }, options(ROLES.map((r): [string, string] => [r, ROLE_LABELS[r]]), existing?.role ?? 'editor'));
  const password = h('input', { type: 'password', 'data-testid': 'user-password', autocomplete: 'new-password' });
  const hallSel = hallBoxes(halls, existing?.hallIds ?? []);
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'user-save' }, existing ? '保存' : '创建用户');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('用户名', username, { path: 'username', required: true, hint: '2–32 位字母、数字、下划线、点或连字符' }),
    field('姓名', displayName, { path: 'displayName', hint: '不填则用用户名' }),
    field('角色', role, { path: 'role', required: true }),
    !existing && field('初始密码', password, { path: 'password', required: true, hint: PASSWORD_HINT }),
    field('负责营业厅', hallSel.el, { path: 'hallIds', wide: true, hint: '不选 = 所有营业厅（可管理全区内容）' }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog(existing ? `编辑用户 ${existing.username}` : '新建用户', form, { testid: 'user-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void withBusy(save, async () => {
      const hallIds = hallSel.value();
      const name = displayName.value.trim();
      if (existing) await staffApi.updateUser(existing.id, { role: role.value as Role, hallIds, ...(name && { displayName: name }) });
      else await staffApi.createUser({ username: username.value.trim(), password: password.value, role: role.value as Role, ...(name && { displayName: name }), ...(hallIds.length && { hallIds }) });
      toast(existing ? '用户已保存' : '用户已创建');
      close();
      onSaved();
    });
  });
}

function openResetDialog(user: UserView): void {
  const password = h('input', { type: 'password', 'data-testid': 'user-new-password', autocomplete: 'new-password' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'user-reset-save' }, '重置密码');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('新密码', password, { path: 'password', required: true, wide: true, hint: `${PASSWORD_HINT}；重置后该用户的所有登录会话结束` }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog(`重置 ${user.username} 的密码`, form, { testid: 'user-reset-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void withBusy(save, async () => {
      await staffApi.resetPassword(user.id, password.value);
      toast('密码已重置，请把新密码当面告知本人');
      close();
    });
  });
}

export const usersView: View = (root, ctx) => {
  const body = h('div', {}, loading());
  let halls: Hall[] = [];
  const hallNames = (ids: string[]) => (ids.length ? ids.map((id) => halls.find((x) => x.id === id)?.name ?? id).join('、') : '所有营业厅');
  const row = (u: UserView) => {
    const toggle = button(u.disabled ? '启用' : '停用', 'user-toggle', () => void withBusy(toggle, async () => {
      await staffApi.updateUser(u.id, { disabled: !u.disabled });
      toast(u.disabled ? `已启用 ${u.username}` : `已停用 ${u.username}，其登录已全部结束`);
      await reload();
    }));
    const revoke = button('强制下线', 'user-revoke', () => void withBusy(revoke, async () => {
      const r = await staffApi.revokeSessions(u.id);
      toast(`已结束 ${r.sessions} 个登录会话`);
    }));
    const del = button('删除', 'user-delete', async () => {
      if (!(await confirmDialog(`删除用户「${u.username}」？操作日志中的记录会保留。`))) return;
      await withBusy(del, async () => {
        await staffApi.deleteUser(u.id);
        toast(`已删除 ${u.username}`);
        await reload();
      });
    }, 'danger-text');
    const self = u.id === ctx.user.id;
    return h('tr', { 'data-testid': 'user-row', 'data-user-id': u.id, 'data-username': u.username }, [
      h('td', { class: 'title-cell' }, [u.username, h('small', { class: 'muted block' }, u.displayName)]),
      h('td', {}, ROLE_LABELS[u.role] ?? u.role),
      h('td', {}, hallNames(u.hallIds)),
      h('td', {}, u.disabled ? badge('已停用', 'muted', { 'data-testid': 'user-disabled' }) : badge('正常', 'ok')),
      h('td', { class: 'nowrap' }, formatDateTime(u.createdAt)),
      h('td', {}, h('div', { class: 'row-actions' }, [
        button('编辑', 'user-edit', () => openUserForm(halls, u, () => void reload())),
        button('重置密码', 'user-reset', () => openResetDialog(u)),
        !self && toggle,
        revoke,
        !self && del,
      ])),
    ]);
  };
  const reload = async () => {
    try {
      const [users, hs] = await Promise.all([staffApi.listUsers(), api.listHalls()]);
      halls = hs;
      mount(body, table(['用户', '角色', '营业厅', '状态', '创建时间', '操作'], users.map(row), '还没有用户', 'user-table'));
    } catch (err) {
      mount(body, loadError(errorText(err), () => void reload()));
    }
  };
  mount(root, [
    pageHeader('用户管理', '员工账号、角色与负责的营业厅', button('新建用户', 'user-new', () => openUserForm(halls, undefined, () => void reload()), 'primary')),
    card(null, body),
  ]);
  const off = ctx.live.onChanged(['users', 'halls'], () => void reload());
  void reload();
  return off;
};

/** 修改密码: every user changes their own password (their other sessions end; this one stays). */
import { staffApi } from '../api';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field } from '../ui/fields';
import { PASSWORD_HINT } from './users-view';

export function openPasswordDialog(): void {
  const current = h('input', { type: 'password', 'data-testid': 'own-password-current', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', 'data-testid': 'own-password-new', autocomplete: 'new-password' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'own-password-save' }, '修改密码');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('当前密码', current, { path: 'currentPassword', required: true, wide: true }),
    field('新密码', next, { path: 'newPassword', required: true, wide: true, hint: PASSWORD_HINT }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog('修改密码', form, { testid: 'own-password-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void withBusy(save, async () => {
      await staffApi.changeOwnPassword(current.value, next.value);
      toast('密码已修改；其他设备上的登录已结束');
      close();
    });
  });
  current.focus();
}

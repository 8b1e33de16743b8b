/** 登录: the only page shown without a session. */
import { LoginInput } from '../../content/model';
import { api, type SessionUser } from '../api';
import { h, mount } from '../ui/dom';
import { errorText, withBusy } from '../ui/feedback';

/** Renders the login card into `root`; `onLogin` gets the user once the session cookie is set. */
export function showLogin(root: HTMLElement, onLogin: (user: SessionUser) => void): void {
  const username = h('input', { id: 'login-username', type: 'text', name: 'username', autocomplete: 'username', 'data-testid': 'login-username', required: true });
  const password = h('input', { id: 'login-password', type: 'password', name: 'password', autocomplete: 'current-password', 'data-testid': 'login-password', required: true });
  const error = h('p', { class: 'login-error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn primary block', 'data-testid': 'login-submit' }, '登录');
  const showError = (text: string) => {
    error.textContent = text;
    error.hidden = false;
  };

  const form = h('form', { class: 'login-card', novalidate: true }, [
    h('div', { class: 'login-brand' }, [h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '⚡'), h('h1', {}, '营业厅信息发布')]),
    h('p', { class: 'muted' }, '内容管理与现场控制 · 请使用工作账号登录'),
    h('label', { for: 'login-username' }, '用户名'),
    username,
    h('label', { for: 'login-password' }, '密码'),
    password,
    error,
    submit,
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.hidden = true;
    const parsed = LoginInput.safeParse({ username: username.value, password: password.value });
    if (!parsed.success) {
      showError(parsed.error.issues[0]?.message ?? '请填写用户名和密码');
      return;
    }
    // withBusy would toast; on this page the error belongs in the card, so handle it here.
    void withBusy(submit, async () => {
      try {
        const { user } = await api.login(parsed.data.username, parsed.data.password);
        onLogin(user);
      } catch (err) {
        showError(errorText(err));
      }
    });
  });
  mount(root, h('div', { class: 'login-page' }, form));
  username.focus();
}

/**
 * 设备告警设置 per hall (admins): after how many minutes offline (within business hours) a screen raises
 * an alert, and an optional webhook — 企业微信 / 钉钉 group robot or plain JSON — that hears each alert
 * open and close. Validated with content's `HallAlertSettings`, the server's own rule.
 */
import { DEFAULT_OFFLINE_MINUTES, HallAlertSettings, WEBHOOK_FORMAT_LABELS, WebhookFormat, type Hall } from '../../content/model';
import { api } from '../api';
import type { ViewContext } from '../context';
import { h, options } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { field, showIssues } from '../ui/fields';
import { perHallSection } from '../halls/per-hall-section';

function hallAlertRow(hall: Hall, onSaved: () => void): HTMLElement {
  const stored = hall.alerts ?? {};
  const minutes = h('input', { type: 'number', min: 1, max: 1440, step: 1, 'data-testid': 'alert-offline-minutes', value: String(stored.offlineMinutes ?? DEFAULT_OFFLINE_MINUTES) });
  const url = h('input', { type: 'url', 'data-testid': 'alert-webhook-url', placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…', value: stored.webhook?.url ?? '' });
  const format = h('select', { 'data-testid': 'alert-webhook-format' }, options(WebhookFormat.options.map((f) => [f, WEBHOOK_FORMAT_LABELS[f]] as const), stored.webhook?.format ?? 'wecom'));
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'alert-settings-save' }, '保存');
  const form = h('form', { class: 'settings-hall', 'data-testid': 'alert-settings-row', 'data-hall-id': hall.id, novalidate: true }, [
    h('div', {}, [h('strong', {}, hall.name), h('small', { class: 'muted block' }, hall.timezone)]),
    h('div', { class: 'stack' }, [
      field('离线告警阈值（分钟）', minutes, { path: 'offlineMinutes', hint: '营业时间内离线超过这么久才告警；非营业时间不计' }),
      field('推送地址（可选）', url, { path: 'webhook.url', hint: '告警开始和恢复时 POST 到这里；留空则只在本系统中显示' }),
      field('推送格式', format, { path: 'webhook.format' }),
    ]),
    h('div', { class: 'row-actions' }, [save]),
  ]);
  form.dataset.dirty = 'false';
  form.addEventListener('input', () => (form.dataset.dirty = 'true'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = { offlineMinutes: Number(minutes.value), ...(url.value.trim() && { webhook: { url: url.value.trim(), format: format.value } }) };
    const parsed = HallAlertSettings.safeParse(raw);
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    void withBusy(save, async () => {
      await api.updateHall(hall.id, { alerts: parsed.data });
      toast(`「${hall.name}」的告警设置已保存`);
      form.dataset.dirty = 'false';
      onSaved();
    });
  });
  return form;
}

/** The card body; follows `changed: halls` unless a row is being edited. */
export function alertSettingsSection(ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  return perHallSection(ctx, { testid: 'settings-alerts', form: hallAlertRow });
}

/**
 * The form of one service (业务): name, ticket prefix, the counters that serve it (in the order typed),
 * 绿色通道 with its fairness rule, 停止取号, 取号时段 and the assumed minutes per person. Validated with
 * the server's own `ServiceInput` schema before it is sent.
 */
import type { z } from 'zod';
import { ServiceInput, type QueueService } from '../../content/ticketing-model';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { ownQueueApi } from '../queue-caller/own-queue-api';

/** "1, 2，3 5" → ["1", "2", "3", "5"] (Chinese and Latin commas, spaces). */
export const splitList = (s: string): string[] => s.split(/[\s,，、]+/).map((x) => x.trim()).filter(Boolean);

/** "08:30-12:00, 13:30-17:00" → windows; a malformed part stays as typed so the schema names it. */
export function parseWindows(s: string): { start: string; end: string }[] {
  return splitList(s).map((part) => {
    const [start = '', end = ''] = part.split(/[-–~～至]/);
    return { start: start.trim(), end: end.trim() };
  });
}

/** Opens the dialog; `service` given = edit. Calls `onSaved` after the server accepted it. */
export function openServiceForm(hallId: string, service: QueueService | undefined, onSaved: () => void): void {
  const name = h('input', { type: 'text', 'data-testid': 'service-name', maxlength: 60, value: service?.name ?? '', placeholder: '例如：居民业务' });
  const prefix = h('input', { type: 'text', 'data-testid': 'service-prefix', maxlength: 2, value: service?.prefix ?? '', placeholder: 'A' });
  const counters = h('input', { type: 'text', 'data-testid': 'service-counters', value: service?.counters.join(', ') ?? '', placeholder: '1, 2, 3' });
  const priority = h('input', { type: 'checkbox', 'data-testid': 'service-priority', checked: service?.priority === true });
  const every = h('input', { type: 'number', min: 1, max: 50, 'data-testid': 'service-every', value: String(service?.normalPerPriority ?? 3) });
  const open = h('input', { type: 'checkbox', 'data-testid': 'service-open', checked: service?.open !== false });
  const hours = h('input', { type: 'text', 'data-testid': 'service-hours', value: (service?.hours ?? []).map((w) => `${w.start}-${w.end}`).join(', '), placeholder: '08:30-12:00, 13:30-17:00（留空 = 全天）' });
  const minutes = h('input', { type: 'number', min: 0.5, max: 240, step: 0.5, 'data-testid': 'service-minutes', value: service?.serviceMinutes !== undefined ? String(service.serviceMinutes) : '' });
  const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'service-save' }, '保存');
  const form = h('form', { class: 'form-grid', novalidate: true }, [
    field('业务名称', name, { path: 'name', required: true }),
    field('号码前缀', prefix, { path: 'prefix', required: true, hint: '1–2 个字母，号码如 A001；同一营业厅内不能重复' }),
    field('办理窗口', counters, { path: 'counters', wide: true, hint: '窗口号，用逗号分隔；一个窗口可办理多项业务，按业务顺序叫号' }),
    field('绿色通道（优先号）', priority, { path: 'priority' }),
    field('每叫几个普通号插一个优先号', every, { path: 'normalPerPriority' }),
    field('可以取号', open, { path: 'open', hint: '取消 = 停止取号，已取的号仍可叫' }),
    field('取号时段', hours, { path: 'hours', wide: true, hint: '营业厅当地时间' }),
    field('预计每人办理分钟数', minutes, { path: 'serviceMinutes', hint: '还没有办理记录时用于估算等候时间' }),
    errorSlot(''),
    h('div', { class: 'form-actions wide' }, save),
  ]);
  const close = openDialog(service ? `编辑业务「${service.name}」` : '新增业务', form, { testid: 'service-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw: z.input<typeof ServiceInput> = {
      name: name.value,
      prefix: prefix.value,
      counters: splitList(counters.value),
      priority: priority.checked,
      ...(priority.checked && { normalPerPriority: Number(every.value) }),
      open: open.checked,
      hours: hours.value.trim() ? parseWindows(hours.value) : [],
      ...(minutes.value !== '' && { serviceMinutes: Number(minutes.value) }),
    };
    const parsed = ServiceInput.safeParse(raw);
    if (!parsed.success) return void showIssues(form, parsed.error.issues);
    void withBusy(save, async () => {
      if (service) await ownQueueApi.updateService(hallId, service.id, parsed.data);
      else await ownQueueApi.createService(hallId, parsed.data);
      toast(service ? '业务已保存' : `业务「${parsed.data.name}」已添加`);
      close();
      onSaved();
    });
  });
  name.focus();
}

/**
 * 系统设置 → 业务与窗口: per hall, the services of its own queue (prefix, name, counters, 绿色通道,
 * 停止取号, 取号时段) with add / edit / delete. Counters exist by being named by a service.
 */
import type { Hall } from '../../content/model';
import type { QueueService } from '../../content/ticketing-model';
import { api, isMissingEndpoint } from '../api';
import type { ViewContext } from '../context';
import { confirmDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { badge, button, loadError, loading, table } from '../ui/page';
import { ownQueueApi } from '../queue-caller/own-queue-api';
import { openServiceForm } from './service-form';

/** The card body and its 新增业务 button. */
export function servicesSection(ctx: ViewContext): { el: HTMLElement; action: HTMLElement; dispose(): void } {
  const hallSel = h('select', { 'data-testid': 'services-hall', 'aria-label': '营业厅' });
  const list = h('div', { 'data-testid': 'services-list' }, loading());
  const el = h('div', { 'data-testid': 'settings-services' }, [h('div', { class: 'queue-head' }, hallSel), list]);
  let halls: Hall[] = [];

  const row = (s: QueueService): HTMLTableRowElement => {
    const edit = button('编辑', 'service-edit', () => openServiceForm(hallSel.value, s, () => void reload()));
    const del = button('删除', 'service-delete', async () => {
      if (!(await confirmDialog(`删除业务「${s.name}」？已取的号码记录保留在统计中。`))) return;
      await withBusy(del, async () => {
        await ownQueueApi.deleteService(hallSel.value, s.id);
        toast(`已删除「${s.name}」`);
        await reload();
      });
    }, 'danger-text');
    return h('tr', { 'data-testid': 'service-row', 'data-service-id': s.id, 'data-prefix': s.prefix }, [
      h('td', {}, h('strong', {}, s.prefix)),
      h('td', { class: 'title-cell' }, [s.name, s.priority && badge(`绿色通道 · 每 ${s.normalPerPriority ?? 3} 个普通号插 1 个`, 'green')]),
      h('td', {}, s.counters.length ? s.counters.map((c) => `${c} 号`).join('、') : h('span', { class: 'muted' }, '未设置窗口')),
      h('td', {}, s.open === false ? badge('停止取号', 'red') : badge('可取号', 'green')),
      h('td', {}, s.hours?.length ? s.hours.map((w) => `${w.start}–${w.end}`).join('、') : '全天'),
      h('td', {}, h('div', { class: 'row-actions' }, [edit, del])),
    ]);
  };

  const reload = async (): Promise<void> => {
    if (!hallSel.value) return void mount(list, h('p', { class: 'muted' }, '还没有营业厅'));
    try {
      const services = await ownQueueApi.listServices(hallSel.value);
      mount(list, table(['前缀', '业务', '办理窗口', '取号', '取号时段', '操作'], services.map(row), '还没有业务：添加业务后，触摸屏可取号、窗口可用叫号器叫号', 'services-table'));
    } catch (err) {
      if (isMissingEndpoint(err)) mount(list, h('p', { class: 'muted' }, '服务器暂未提供业务与窗口设置'));
      else mount(list, loadError(errorText(err), () => void reload()));
    }
  };
  hallSel.onchange = () => void reload();
  const action = button('新增业务', 'service-new', () => hallSel.value && openServiceForm(hallSel.value, undefined, () => void reload()), 'primary');

  void api.listHalls().then((hs) => {
    halls = hs;
    mount(hallSel, options(halls.map((x): [string, string] => [x.id, x.name]), halls[0]?.id));
    void reload();
  }, (err) => mount(list, loadError(errorText(err), () => void reload())));
  const off = ctx.live.onChanged(['halls'], () => void reload());
  return { el, action, dispose: off };
}

/**
 * 现场控制, the duty operators' console: the red 紧急通知 action, active overrides with their
 * acknowledgements, the hall's queue state, 测试叫号, recent calls with their acknowledgements, and the
 * forms for messages and structured 停电通知. Each part lives in its own module.
 */
import type { Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import { callsPanel } from './calls-panel';
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { openEmergencyDialog } from './emergency-dialog';
import { errorText } from '../ui/feedback';
import { outageForm } from './outage-form';
import { overridesPanel } from './overrides-panel';
import { card, loadError, loading, pageHeader } from '../page';
import { queueStatePanel } from './queue-state-panel';
import { testCallForm } from './test-call-form';

export const liveConsoleView: View = (root, ctx) => {
  let dispose = () => {};
  mount(root, loading());
  const load = async () => {
    try {
      const [screens, halls] = await Promise.all([api.listScreens(), api.listHalls()]);
      if (root.isConnected) dispose = build(screens, halls);
    } catch (err) {
      mount(root, loadError(errorText(err), () => void load()));
    }
  };
  void load();

  function build(screens: ScreenView[], halls: Hall[]): () => void {
    const overrides = overridesPanel(ctx, screens, halls);
    const calls = callsPanel(ctx, screens, halls);
    const queue = queueStatePanel(halls);
    const testCall = testCallForm(ctx, screens, halls, () => {
      void calls.reload();
      void queue.reload();
    });
    const emergency = h('button', { type: 'button', class: 'btn danger emergency-open', 'data-testid': 'emergency-open' }, [
      h('span', { 'aria-hidden': 'true' }, '⚠'), '紧急通知',
    ]);
    emergency.onclick = () => openEmergencyDialog(ctx, screens, halls, () => void overrides.reload());

    mount(root, [
      pageHeader('现场控制', '叫号、紧急通知和信息提示；插播会立即覆盖屏幕上的常规内容，每块屏幕的回执和延迟都可查看'),
      h('section', { class: 'emergency-bar', 'aria-label': '紧急通知' }, [
        h('div', {}, [
          h('strong', {}, '突发停电、系统故障、恶劣天气或需要疏散？'),
          h('p', {}, '紧急通知可选「全屏接管」（叫号暂停）或「横幅」（叫号照常），发布前会确认影响的屏幕数量。'),
        ]),
        emergency,
      ]),
      card('当前生效的插播', overrides.list, { 'data-testid': 'overrides-card' }),
      h('div', { class: 'two-col' }, [
        card('叫号状态', queue.el),
        card('测试叫号', testCall.el),
      ]),
      card('最近叫号', calls.el),
      h('div', { class: 'two-col' }, [
        card('发布插播', overrides.form),
        card('停电通知', outageForm(ctx, screens, halls, () => void overrides.reload()), { 'data-testid': 'outage-card' }),
      ]),
    ]);
    return () => {
      overrides.dispose();
      calls.dispose();
      queue.dispose();
      testCall.dispose();
    };
  }

  return () => dispose();
};

/**
 * 现场控制, the duty operators' console: the red 发布通知 action (the one way to publish, with its
 * presets), active overrides with their acknowledgements and 撤销, the hall's queue state, 测试叫号 and
 * recent calls with their acknowledgements. Each part lives in its own module.
 */
import type { Hall } from '../../content/model';
import { api, type ScreenView } from '../api';
import { callsPanel } from './calls-panel';
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { overridesPanel } from './overrides-panel';
import { openPublishDialog } from './publish-dialog';
import { card, loadError, loading, pageHeader } from '../ui/page';
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
    const publish = h('button', { type: 'button', class: 'btn danger emergency-open', 'data-testid': 'publish-open' }, '发布通知');
    publish.onclick = () => openPublishDialog(ctx, screens, halls, () => void overrides.reload());

    mount(root, [
      pageHeader('现场控制', '发布通知、叫号状态和测试叫号；每块屏幕的回执和延迟都可查看'),
      h('section', { class: 'emergency-bar', 'aria-label': '发布通知' }, [
        h('div', {}, [
          h('strong', {}, '停电、系统故障、恶劣天气或需要疏散？'),
          h('p', {}, '发布通知：停电通知 / 紧急通知 / 自定义，可选「全屏接管」（叫号暂停）或「横幅」（叫号照常），发布前确认范围和结束时间。'),
        ]),
        publish,
      ]),
      card('当前生效的插播', overrides.list, { 'data-testid': 'overrides-card' }),
      h('div', { class: 'two-col' }, [
        card('叫号状态', queue.el),
        card('测试叫号', testCall.el),
      ]),
      card('最近叫号', calls.el),
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

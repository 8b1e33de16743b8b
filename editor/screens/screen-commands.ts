/**
 * Remote commands on a screen card: 重新加载, 识别屏幕, 截图, 清除缓存. The POST only says the server
 * passed the command on; the outcome comes back from the screen as `commandDone` over /ws/editor,
 * matched by `requestId`. A screen that is offline gets a 409 whose message is shown as it is.
 */
import { SCREEN_COMMAND_LABELS, type ScreenCommand } from '../../content/protocol';
import { ApiError, api } from '../api';
import { confirmDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorText } from '../ui/feedback';
import type { CommandDone, LiveConnection } from '../socket';

/** How long we wait for the screen's answer before saying it did not reply. */
export const COMMAND_REPLY_TIMEOUT_MS = 20_000;

const ORDER: readonly ScreenCommand[] = ['identify', 'screenshot', 'reload', 'clearCache'];
/** These interrupt what the hall sees (a blank moment, a re-download), so they ask first. */
const ASK_FIRST: Partial<Record<ScreenCommand, string>> = {
  reload: '屏幕会重新加载页面，画面中断几秒。',
  clearCache: '屏幕会删除已缓存的内容并重新下载，断网时将无法离线播放，直到下载完成。',
};
/** A reload ends the page that would answer; silence is the expected outcome. */
const SILENT_OK: Partial<Record<ScreenCommand, string>> = { reload: '已发送，屏幕正在重新加载' };

type CommandState = 'pending' | 'done' | 'failed';

interface Waiting { command: ScreenCommand; show: (state: CommandState, text: string) => void; timer: ReturnType<typeof setTimeout> }

/** One per page: a single subscription to `commandDone` serves every card's bar. */
export interface CommandControl {
  /**
   * The buttons and the outcome line for one screen. The same element comes back for the same screen,
   * so a wall rebuilt by a list reload keeps a command that is still waiting for its answer.
   */
  bar(screenId: string, screenName: string): HTMLElement;
  dispose(): void;
}

/** Creates the control; `dispose()` when the page goes away. */
export function createCommandControl(live: LiveConnection): CommandControl {
  const waiting = new Map<string, Waiting>();
  const bars = new Map<string, { el: HTMLElement; name: string }>();

  const settle = (reply: CommandDone): void => {
    const w = reply.requestId ? waiting.get(reply.requestId) : undefined;
    if (!w) return;
    clearTimeout(w.timer);
    waiting.delete(reply.requestId!);
    const label = SCREEN_COMMAND_LABELS[w.command];
    if (reply.ok) w.show('done', reply.message ? `${label}：${reply.message}` : `${label}完成`);
    else w.show('failed', `${label}失败：${reply.message ?? '屏幕未说明原因'}`);
  };
  const offMsg = live.onMessage((m) => {
    if (m.type === 'commandDone') settle(m);
  });

  async function send(screenId: string, screenName: string, command: ScreenCommand, button: HTMLButtonElement, show: Waiting['show']): Promise<void> {
    const label = SCREEN_COMMAND_LABELS[command];
    const ask = ASK_FIRST[command];
    if (ask && !(await confirmDialog(`对「${screenName}」执行「${label}」？${ask}`, label))) return;
    button.disabled = true;
    show('pending', `正在发送「${label}」…`);
    try {
      const { requestId, delivered } = await api.sendCommand(screenId, command);
      if (!delivered) return show('failed', '屏幕不在线，命令未送达');
      show('pending', `「${label}」已发送，等待屏幕回复…`);
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        const quiet = SILENT_OK[command];
        show(quiet ? 'done' : 'failed', quiet ?? `屏幕 ${COMMAND_REPLY_TIMEOUT_MS / 1000} 秒内未回复「${label}」，请检查屏幕`);
      }, COMMAND_REPLY_TIMEOUT_MS);
      waiting.set(requestId, { command, show, timer });
      const early = live.commandReply(requestId);
      if (early) settle(early);
    } catch (err) {
      // 409: the server knows the screen is offline and says so in its own words.
      show('failed', err instanceof ApiError && err.failure.kind === 'conflict' ? err.message : `「${label}」未发送：${errorText(err)}`);
    } finally {
      button.disabled = false;
    }
  }

  return {
    bar(screenId, screenName) {
      const known = bars.get(screenId);
      if (known) {
        known.name = screenName;
        return known.el;
      }
      const entry = { el: h('div', { class: 'command-bar' }), name: screenName };
      const state = h('p', { class: 'command-state', 'data-testid': 'screen-command-state', role: 'status', hidden: true });
      const show = (s: CommandState, text: string) => {
        state.hidden = false;
        state.dataset.state = s;
        state.textContent = text;
      };
      const buttons = ORDER.map((command) => {
        const b = h('button', { type: 'button', class: 'btn small', 'data-testid': `screen-command-${command}`, 'data-command': command }, SCREEN_COMMAND_LABELS[command]);
        b.onclick = () => void send(screenId, entry.name, command, b, show);
        return b;
      });
      entry.el.append(h('div', { class: 'row-actions' }, buttons), state);
      bars.set(screenId, entry);
      return entry.el;
    },
    dispose() {
      offMsg();
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
      bars.clear();
    },
  };
}

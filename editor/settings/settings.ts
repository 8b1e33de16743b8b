/**
 * 系统设置 (admins): each hall's 叫号模板, 营业时间与默认内容 and 节假日与例外日期, the queue system's 接口令牌, and the
 * 播报语音 clips, and each hall's 文字变量 (slide-text variables).
 * Each section loads on its own, so a server without one of the endpoints still shows the others.
 */
import type { View } from '../context';
import { h, mount } from '../ui/dom';
import { card, pageHeader } from '../ui/page';
import { hallHoursSection } from './settings-hall-hours';
import { hallsSection } from './settings-halls';
import { hallVariablesSection } from '../halls/variables-section';
import { exceptionsSection } from '../halls/exceptions-section';
import { tokensSection } from './settings-tokens';
import { voiceSection } from './settings-voice';
import { servicesSection } from '../queue-settings/services-section';
import { alertSettingsSection } from '../alerts/alert-settings';

export const settingsView: View = (root, ctx) => {
  const halls = hallsSection(ctx);
  const hours = hallHoursSection(ctx);
  const variables = hallVariablesSection(ctx);
  const tokens = tokensSection(ctx);
  const voice = voiceSection(ctx);
  const services = servicesSection(ctx);
  const alerts = alertSettingsSection(ctx);
  const exceptions = exceptionsSection(ctx);
  mount(root, [
    pageHeader('系统设置', '叫号模板、营业时间与默认内容、排队系统接口令牌和播报语音；修改立即对所有屏幕生效'),
    card('营业厅叫号模板', halls.el, { 'data-testid': 'settings-halls-card' }),
    card('营业时间与默认内容', hours.el, { 'data-testid': 'settings-hall-hours-card' }),
    card('节假日与例外日期', exceptions.el, { 'data-testid': 'settings-exceptions-card' }),
    card('设备告警', alerts.el, { 'data-testid': 'settings-alerts-card' }),
    card('文字变量', variables.el, { 'data-testid': 'settings-hall-variables-card' }),
    h('section', { class: 'card', 'data-testid': 'settings-tokens-card' }, [
      h('div', { class: 'card-head' }, [h('h2', { class: 'card-title' }, '接口令牌'), tokens.action]),
      h('p', { class: 'muted' }, '排队叫号系统用令牌调用 POST /api/queue/calls 和 /api/queue/events。令牌可限定营业厅：A 厅的令牌不能在 B 厅叫号。'),
      tokens.el,
    ]),
    card('播报语音', voice.el, { 'data-testid': 'settings-voice-card' }),
    h('section', { class: 'card', 'data-testid': 'settings-services-card' }, [
      h('div', { class: 'card-head' }, [h('h2', { class: 'card-title' }, '业务与窗口'), services.action]),
      h('p', { class: 'muted' }, '本系统自带的排队：触摸屏取号、窗口叫号器叫号。号码按业务前缀编排，每天在营业厅当地零点重新开始。'),
      services.el,
    ]),
  ]);
  return () => {
    halls.dispose();
    hours.dispose();
    variables.dispose();
    tokens.dispose();
    voice.dispose();
    services.dispose();
    alerts.dispose();
    exceptions.dispose();
  };
};

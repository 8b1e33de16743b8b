/** 营业厅变量 (`#/hall-variables`): content staff edit their halls' slide-text variables (admins also find them in 系统设置). */
import type { View } from '../context';
import { mount } from '../dom';
import { card, pageHeader } from '../page';
import { hallVariablesSection } from './variables-section';

export const hallVariablesView: View = (root, ctx) => {
  const section = hallVariablesSection(ctx);
  mount(root, [
    pageHeader('营业厅变量', '幻灯片文字中的 {营业厅}、{服务热线}、{地址}、{营业时间} 等，在各营业厅的屏幕上显示本厅的内容'),
    card('文字变量', section.el, { 'data-testid': 'hall-variables-card' }),
  ]);
  return section.dispose;
};

/** The kiosk page tree: what a visitor can reach is checked at save time, naming the offending page. */
import { describe, expect, it } from 'vitest';
import { SlideInput } from './model';
import type { KioskPage } from './kiosk-model';

const menu = (id: string, targets: string[]): KioskPage => ({
  type: 'menu', id, title: `菜单${id}`, tiles: targets.map((target) => ({ label: `去${target}`, hint: '', icon: '', target })),
});
const guide = (id: string): KioskPage => ({ type: 'guide', id, title: `指南${id}`, intro: '', steps: [{ title: '提交申请', body: '' }], documents: [], qrLabel: '' });
const app = (home: string, pages: unknown[]) => ({ type: 'kioskApp', title: '触摸查询', home, pages });
const messages = (input: unknown): string[] => {
  const r = SlideInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('kioskApp page trees', () => {
  it('accepts a tree with shared leaves (a DAG is not a cycle)', () => {
    expect(messages(app('home', [menu('home', ['a', 'b']), menu('a', ['g']), menu('b', ['g']), guide('g')]))).toEqual([]);
  });

  it('fills defaults: idle 60 s and an attract text', () => {
    const parsed = SlideInput.parse(app('home', [menu('home', ['g']), guide('g')]));
    expect(parsed).toMatchObject({ idleMs: 60_000, attractText: '触摸屏幕 开始查询' });
  });

  it.each<[string, ReturnType<typeof app>, string]>([
    ['a missing home', app('start', [menu('home', ['g']), guide('g')]), '首页「start」不存在'],
    ['a tile to a missing page, naming page and tile', app('home', [menu('home', ['g', 'nope']), guide('g')]), '页面「菜单home」的按钮「去nope」指向不存在的页面「nope」'],
    ['a self loop', app('home', [menu('home', ['home'])]), '循环'],
    ['a longer cycle, naming its pages', app('home', [menu('home', ['a']), menu('a', ['b']), menu('b', ['a'])]), '「菜单a」 → 「菜单b」 → 「菜单a」'],
    ['a cycle in pages not reachable from home', app('home', [menu('home', ['g']), guide('g'), menu('x', ['y']), menu('y', ['x'])]), '循环'],
    ['duplicate page ids', app('home', [menu('home', ['g']), guide('g'), guide('g')]), '重复'],
  ])('refuses %s', (_name, input, words) => {
    expect(messages(input).join('\n')).toContain(words);
  });

  it.each<[string, unknown, string]>([
    ['an empty menu', app('home', [{ ...menu('home', []) }]), '至少需要一个按钮'],
    ['a guide without steps', app('home', [menu('home', ['g']), { ...guide('g'), steps: [] }]), '至少需要一个步骤'],
    ['a bad QR url', app('home', [menu('home', ['g']), { ...guide('g'), qrUrl: 'wangshang' }]), '完整网址'],
    ['an idle time under 10 s', { ...app('home', [menu('home', ['g']), guide('g')]), idleMs: 5000 }, '至少 10 秒'],
    ['an uppercase page id', app('Home', [menu('Home', ['g']), guide('g')]), '小写字母'],
  ])('refuses %s by field', (_name, input, words) => {
    expect(messages(input).join('\n')).toContain(words);
  });
});

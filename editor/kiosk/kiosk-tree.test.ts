import { describe, expect, it } from 'vitest';
import { demoKioskApp } from '../../content/demo-kiosk';
import { SlideInput } from '../../content/model';
import { draftFromSlide, draftToInput, emptyDraft, emptyPage, issueLine, issuesByPage, linksTo, move, newPageId, pageTree, type DraftPage } from './kiosk-tree';

const menu = (id: string, title: string, targets: string[]): DraftPage => ({ id, type: 'menu', title, tiles: targets.map((t) => ({ label: `去${t}`, hint: '', icon: '', target: t })) });
const guide = (id: string, title = id): DraftPage => ({ ...emptyPage('guide', id), title, steps: [{ title: '申请', body: '' }] });

describe('pageTree', () => {
  it('follows tiles from home and lists pages no tile reaches', () => {
    const pages = [menu('home', '首页', ['a', 'sub']), guide('a'), menu('sub', '子菜单', ['b']), guide('b'), guide('lost')];
    const { root, unlinked } = pageTree('home', pages);
    expect(root?.children.map((c) => c.id)).toEqual(['a', 'sub']);
    expect(root?.children[1]?.children[0]).toMatchObject({ id: 'b', depth: 2, via: '去b' });
    expect(unlinked).toEqual([4]);
  });
  it('marks a link back up the tree as a cycle instead of recursing', () => {
    const pages = [menu('home', '首页', ['sub']), menu('sub', '子菜单', ['home'])];
    const { root } = pageTree('home', pages);
    expect(root?.children[0]?.children[0]).toMatchObject({ id: 'home', cycle: true, children: [] });
  });
  it('shows a page reached twice in full once, then as a reference', () => {
    const pages = [menu('home', '首页', ['a', 'b']), menu('a', 'A', ['x']), menu('b', 'B', ['x']), guide('x')];
    const { root, unlinked } = pageTree('home', pages);
    expect(root?.children[1]?.children[0]).toMatchObject({ id: 'x', repeat: true });
    expect(unlinked).toEqual([]);
  });
  it('has no root when home names no page', () => {
    expect(pageTree('nope', [guide('a')])).toEqual({ root: undefined, unlinked: [0] });
  });
});

describe('page helpers', () => {
  it('says which tiles link to a page', () => {
    const pages = [menu('home', '首页', ['a']), menu('m', '更多', ['a']), guide('a')];
    expect(linksTo(pages, 'a')).toEqual([{ pageTitle: '首页', tileLabel: '去a' }, { pageTitle: '更多', tileLabel: '去a' }]);
    expect(linksTo(pages, 'home')).toEqual([]);
  });
  it('gives new pages free ids that the schema accepts', () => {
    const pages = [guide('guide-1'), guide('guide-3')];
    expect(newPageId('guide', pages)).toBe('guide-2');
    expect(newPageId('map', pages)).toBe('map-1');
  });
  it('moves rows and ignores moves off the ends', () => {
    const list = [1, 2, 3];
    move(list, 0, 1);
    expect(list).toEqual([2, 1, 3]);
    move(list, 2, 1);
    expect(list).toEqual([2, 1, 3]);
  });
});

describe('draft ↔ SlideInput', () => {
  it('round-trips the demo app through the server schema', () => {
    const demo = demoKioskApp({ priceSlideId: 'sld-price' });
    const stored = { ...SlideInput.parse(demo), id: 'sld-1', status: 'draft', createdAt: '', updatedAt: '' } as Parameters<typeof draftFromSlide>[0];
    const back = SlideInput.safeParse(draftToInput(draftFromSlide(stored)));
    expect(back.success).toBe(true);
    expect(back.data).toEqual(SlideInput.parse(demo));
  });
  it('a new app is invalid until its home menu has a tile, and says so on that page', () => {
    const d = emptyDraft();
    d.title = '查询终端';
    const r = SlideInput.safeParse(draftToInput(d));
    expect(r.success).toBe(false);
    const { pages } = issuesByPage(r.error!.issues);
    expect([...pages.keys()]).toEqual([0]);
    expect(issueLine(pages.get(0)![0]!, d.pages)).toContain('页面「您好，请问需要办理什么业务？」');
  });
  it('an untouched QR link is absent, a bad one is refused on its page', () => {
    const d = emptyDraft();
    d.title = '查询终端';
    d.pages = [menu('home', '首页', ['guide-1']), guide('guide-1', '新装')];
    expect(SlideInput.safeParse(draftToInput(d)).success).toBe(true);
    d.pages[1]!.qrUrl = 'not a url';
    const r = SlideInput.safeParse(draftToInput(d));
    expect(r.error?.issues[0]?.path).toEqual(['pages', 1, 'qrUrl']);
  });
  it('a cycle is refused naming the pages', () => {
    const d = emptyDraft();
    d.title = '查询终端';
    d.pages = [menu('home', '首页', ['sub']), menu('sub', '子菜单', ['home'])];
    const r = SlideInput.safeParse(draftToInput(d));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join()).toMatch(/循环.*「子菜单」/);
  });
  it('idle seconds below 10 are refused', () => {
    const d = emptyDraft();
    d.title = 'x';
    d.pages = [menu('home', '首页', ['g']), guide('g')];
    d.idleSec = '5';
    expect(SlideInput.safeParse(draftToInput(d)).error?.issues[0]?.path).toEqual(['idleMs']);
  });
});

/**
 * The kiosk app as staff see it in the editor: pages are edited as plain objects (a draft that may
 * be invalid while typing) and shown as the tree a visitor walks from the home page. Pure: no DOM,
 * so the tree, link look-ups and issue grouping are unit-tested.
 */
import { KIOSK_PAGE_LABELS, type KioskPageType } from '../../content/kiosk-model';
import type { Slide } from '../../content/model';

/** A page while it is being edited: the schema's shape, but any field may still be wrong or empty. */
export type DraftPage = { id: string; type: KioskPageType; title: string } & Record<string, unknown>;
export interface DraftTile { label: string; hint: string; icon: string; target: string }

/** The whole app while editing; seconds as typed, converted on read. */
export interface KioskDraft {
  title: string;
  home: string;
  pages: DraftPage[];
  idleSec: string;
  attractText: string;
  durationSec: string;
}

export interface TreeNode {
  index: number;
  id: string;
  depth: number;
  /** The tile of the parent menu that leads here. */
  via?: string;
  /** Reached again from another menu: shown once in full, here only as a reference. */
  repeat?: boolean;
  /** Leads back to a page above it (a cycle the schema refuses). */
  cycle?: boolean;
  children: TreeNode[];
}

export const tilesOf = (page: DraftPage | undefined): DraftTile[] =>
  page?.type === 'menu' && Array.isArray(page.tiles) ? (page.tiles as DraftTile[]) : [];

/** The tree from `home` following menu tiles, and the pages no tile reaches (in page order). */
export function pageTree(home: string, pages: readonly DraftPage[]): { root?: TreeNode; unlinked: number[] } {
  const indexOf = new Map<string, number>();
  pages.forEach((p, i) => {
    if (!indexOf.has(p.id)) indexOf.set(p.id, i);
  });
  const seen = new Set<string>();
  const build = (id: string, depth: number, trail: Set<string>, via?: string): TreeNode | undefined => {
    const index = indexOf.get(id);
    if (index === undefined) return undefined;
    if (trail.has(id)) return { index, id, depth, via, cycle: true, children: [] };
    if (seen.has(id)) return { index, id, depth, via, repeat: true, children: [] };
    seen.add(id);
    const inner = new Set(trail).add(id);
    const children = tilesOf(pages[index])
      .map((t) => build(t.target, depth + 1, inner, t.label))
      .filter((n): n is TreeNode => n !== undefined);
    return { index, id, depth, via, children };
  };
  const root = build(home, 0, new Set());
  const unlinked = pages.flatMap((p, i) => (seen.has(p.id) || indexOf.get(p.id) !== i ? [] : [i]));
  return { root, unlinked };
}

/** Every tile that leads to `id`: where a page is linked from (deleting it would break those). */
export function linksTo(pages: readonly DraftPage[], id: string): { pageTitle: string; tileLabel: string }[] {
  return pages.flatMap((p) => (p.id === id ? [] : tilesOf(p).filter((t) => t.target === id).map((t) => ({ pageTitle: p.title || p.id, tileLabel: t.label || '（未命名按钮）' }))));
}

/** A fresh id for a new page of `type`: `guide-2`, `map-1`… (the schema's lowercase id rule). */
export function newPageId(type: KioskPageType, pages: readonly DraftPage[]): string {
  const taken = new Set(pages.map((p) => p.id));
  const stem = type.toLowerCase();
  for (let n = 1; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** A new page of `type` with the defaults a visitor would need filled in by staff. */
export function emptyPage(type: KioskPageType, id: string): DraftPage {
  const base = { id, type, title: KIOSK_PAGE_LABELS[type] };
  switch (type) {
    case 'menu': return { ...base, tiles: [] };
    case 'guide': return { ...base, intro: '', steps: [{ title: '', body: '' }], documents: [], qrUrl: '', qrLabel: '扫码在「网上国网」App 办理' };
    case 'slide': return { ...base, slideId: '' };
    case 'prices': return { ...base, priceSlideId: '' };
    case 'map': return { ...base, mediaId: '', areas: [], services: [] };
    case 'queue': return base;
    case 'takeTicket': return { ...base, serviceIds: [], print: true, note: '请留意叫号屏和语音广播' };
  }
}

/** A new app: one home menu whose first tile staff add. */
export function emptyDraft(): KioskDraft {
  return { title: '', home: 'home', pages: [{ ...emptyPage('menu', 'home'), title: '您好，请问需要办理什么业务？' }], idleSec: '60', attractText: '触摸屏幕 开始查询', durationSec: '' };
}

/** A stored kiosk app as an editable draft (server-filled fields dropped). */
export function draftFromSlide(slide: Extract<Slide, { type: 'kioskApp' }>): KioskDraft {
  const pages = slide.pages.map((p) => {
    const copy = structuredClone(p) as DraftPage;
    delete copy.imageUrl;
    return copy;
  });
  return {
    title: slide.title,
    home: slide.home,
    pages,
    idleSec: String(Math.round(slide.idleMs / 1000)),
    attractText: slide.attractText,
    durationSec: slide.durationMs ? String(slide.durationMs / 1000) : '',
  };
}

const seconds = (v: string): number | undefined => (v.trim() === '' ? undefined : Math.round(Number(v) * 1000));

/** Empty optional texts become absent, so `z.url().optional()` reads an untouched QR link as none. */
function cleanPage(p: DraftPage): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  for (const key of ['qrUrl', 'mediaId'] as const) if (typeof out[key] === 'string' && (out[key] as string).trim() === '') delete out[key];
  return out;
}

/** The raw `SlideInput` for the draft (validated by the caller with the server's schema). */
export function draftToInput(d: KioskDraft): Record<string, unknown> {
  return {
    type: 'kioskApp',
    title: d.title,
    home: d.home,
    pages: d.pages.map(cleanPage),
    idleMs: seconds(d.idleSec),
    attractText: d.attractText,
    ...(d.durationSec.trim() !== '' && { durationMs: seconds(d.durationSec) }),
  };
}

export interface PathIssue { path: readonly PropertyKey[]; message: string }

/** Issues grouped by page index; the rest (title, home, idle time) are the app's. */
export function issuesByPage(issues: readonly PathIssue[]): { pages: Map<number, PathIssue[]>; app: PathIssue[] } {
  const pages = new Map<number, PathIssue[]>();
  const app: PathIssue[] = [];
  for (const issue of issues) {
    const [head, index] = issue.path;
    if (head === 'pages' && typeof index === 'number') pages.set(index, [...(pages.get(index) ?? []), issue]);
    else app.push(issue);
  }
  return { pages, app };
}

/** `页面「办事指南」：…` unless the message already names the page (pageTreeProblems' do). */
export function issueLine(issue: PathIssue, pages: readonly DraftPage[]): string {
  const [head, index] = issue.path;
  const page = head === 'pages' && typeof index === 'number' ? pages[index] : undefined;
  if (!page) return issue.message;
  const name = `页面「${page.title || page.id}」`;
  return issue.message.includes(name) ? issue.message : `${name}：${issue.message}`;
}

/** Moves item `from` by `by` places (−1 up, +1 down); out of range → unchanged. */
export function move<T>(list: T[], from: number, by: number): void {
  const to = from + by;
  if (to < 0 || to >= list.length || from < 0 || from >= list.length) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}

/**
 * The interactive layer of a kiosk: plain DOM over the pixi canvas. DOM, not pixi, because visitors
 * read and scroll long guides (native scrolling keeps text crisp at any offset and has touch momentum),
 * because buttons get real focus, Enter activation and a screen reader's view for free, and because
 * the 大字 / 高对比 modes are a class on the root rather than a re-layout of canvas text.
 *
 * Shape: a call banner on top (calls still reach a visitor), a bar with 返回 / title / 大字 / 高对比 /
 * 首页, and the page below it as the one scrolling region. Arrow keys move focus spatially between
 * the layer's buttons (remote-control TVs); with nothing further that way, up and down scroll.
 */
import './kiosk.css';
import { button, el } from './dom-build';
import type { PageView } from './pages/page-view';
import { kioskState } from './kiosk-state';
import { pickSpatial, type Direction } from './spatial-focus';

/** How far one arrow press scrolls a page with nothing left to focus that way (share of its height). */
const SCROLL_STEP = 0.4;
/** How long a keyboard press shows its pressed state. */
const PRESS_MS = 160;

/** What the layer's own buttons do. */
export interface KioskLayerActions {
  back(): void;
  home(): void;
}

/** The kiosk's DOM layer: hidden while the attract loop plays. */
export class KioskLayer {
  readonly root = el('div', { class: 'kiosk-layer', 'data-testid': 'kiosk-layer', role: 'application', 'aria-roledescription': '触摸查询', hidden: true });
  private readonly banner = el('div', { class: 'kiosk-call-banner', 'data-testid': 'kiosk-call-banner', 'aria-hidden': 'true', hidden: true });
  private readonly title = el('h1', { class: 'kiosk-title', tabindex: -1 });
  private readonly backButton: HTMLButtonElement;
  private readonly largeButton: HTMLButtonElement;
  private readonly contrastButton: HTMLButtonElement;
  private readonly page = el('main', { class: 'kiosk-page', 'data-testid': 'kiosk-page' });
  private view: PageView | null = null;

  constructor(actions: KioskLayerActions, parent: HTMLElement = document.body) {
    this.backButton = button({ class: 'kiosk-bar-button', 'data-testid': 'kiosk-back' }, () => actions.back(), '返回');
    this.largeButton = button({ class: 'kiosk-bar-button kiosk-toggle', 'data-testid': 'kiosk-large-text', 'aria-pressed': 'false' }, () => this.toggle('is-large', this.largeButton), '大字');
    this.contrastButton = button({ class: 'kiosk-bar-button kiosk-toggle', 'data-testid': 'kiosk-contrast', 'aria-pressed': 'false' }, () => this.toggle('is-contrast', this.contrastButton), '高对比');
    const homeButton = button({ class: 'kiosk-bar-button', 'data-testid': 'kiosk-home' }, () => actions.home(), '首页');
    const bar = el('header', { class: 'kiosk-bar' }, this.backButton, this.title, el('div', { class: 'kiosk-bar-tools' }, this.largeButton, this.contrastButton, homeButton));
    this.root.append(this.banner, bar, this.page);
    parent.append(this.root);
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  /** Put `view` on screen as page `pageId` titled `title`; the previous page is disposed. */
  setPage(pageId: string, title: string, depth: number, view: PageView, focus: 'first' | 'title'): void {
    this.view?.dispose?.();
    this.view = view;
    this.root.hidden = false;
    kioskState.open = true;
    this.title.textContent = title;
    this.backButton.textContent = depth === 0 ? '退出' : '返回';
    this.page.dataset.pageId = pageId;
    this.page.replaceChildren(view.element);
    this.page.scrollTop = 0;
    if (focus === 'first') (this.focusables().find((b) => this.page.contains(b)) ?? this.focusables()[0])?.focus();
    else this.title.focus({ preventScroll: true });
  }

  /** Back to the attract loop: nothing of this visitor stays (page, scroll, toggles, calculator). */
  close(): void {
    this.view?.dispose?.();
    this.view = null;
    this.page.replaceChildren();
    delete this.page.dataset.pageId;
    this.root.classList.remove('is-large', 'is-contrast');
    this.largeButton.setAttribute('aria-pressed', 'false');
    this.contrastButton.setAttribute('aria-pressed', 'false');
    if (this.root.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
    this.root.hidden = true;
    kioskState.open = false;
  }

  /** The call in the spotlight, or none. */
  setCall(text: string | null): void {
    this.banner.textContent = text ?? '';
    this.banner.hidden = !text;
  }

  /** Keys while the layer is open; true when handled here. */
  handleKey(e: KeyboardEvent, dir: Direction | null): boolean {
    if (this.view?.onKey?.(e)) return true;
    if (dir) {
      this.move(dir);
      return true;
    }
    if (e.key === 'Enter') {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || !active.matches('[data-kfocus]') || !this.root.contains(active)) {
        this.focusables()[0]?.focus();
        return true;
      }
      // The native click follows (buttons activate on Enter); show the press like a finger would.
      active.classList.add('is-pressed');
      setTimeout(() => active.classList.remove('is-pressed'), PRESS_MS);
      return false;
    }
    return false;
  }

  private toggle(cls: string, b: HTMLButtonElement): void {
    const on = this.root.classList.toggle(cls);
    b.setAttribute('aria-pressed', String(on));
  }

  private focusables(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[data-kfocus]')].filter((e) => e.getClientRects().length > 0 && !(e as HTMLButtonElement).disabled);
  }

  private move(dir: Direction): void {
    const all = this.focusables();
    const active = document.activeElement;
    const from = all.find((e) => e === active);
    if (!from) {
      all.find((b) => this.page.contains(b))?.focus() ?? all[0]?.focus();
      return;
    }
    const others = all.filter((e) => e !== from);
    const i = pickSpatial(from.getBoundingClientRect(), others.map((e) => e.getBoundingClientRect()), dir);
    const next = others[i];
    // A long guide has few buttons: with nothing further that way, up and down read on instead.
    const pageBox = this.page.getBoundingClientRect();
    const nextBox = next?.getBoundingClientRect();
    const offscreen = nextBox && this.page.contains(next!) && (nextBox.top > pageBox.bottom || nextBox.bottom < pageBox.top);
    if ((dir === 'up' || dir === 'down') && (!next || offscreen) && this.canScroll(dir)) {
      this.page.scrollBy({ top: (dir === 'down' ? 1 : -1) * this.page.clientHeight * SCROLL_STEP, behavior: 'smooth' });
      return;
    }
    if (!next) return;
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  private canScroll(dir: 'up' | 'down'): boolean {
    const p = this.page;
    return dir === 'down' ? p.scrollTop + p.clientHeight < p.scrollHeight - 1 : p.scrollTop > 0;
  }
}

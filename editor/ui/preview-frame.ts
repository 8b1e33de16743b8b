/**
 * The live preview: the REAL player (`/player/?preview=1`) in an iframe at the target screen's pixel
 * size, scaled down with a CSS transform to fit the panel, so what staff see is what plays. The editor
 * asks the server for a manifest (`POST /api/preview/manifest`, body `PreviewRequest`) and posts it into
 * the frame once the player said `preview.ready` (protocol in content/preview.ts). Edits are debounced;
 * the latest answer wins.
 */
import { DEFAULT_RESOLUTION, SCREEN_KIND_LABELS, type Hall, type ScreenKind } from '../../content/model';
import { PreviewEvent, type PreviewCommand, type PreviewRequest } from '../../content/preview';
import type { Manifest } from '../../content/protocol';
import { api } from '../api';
import { h, mount, options } from './dom';
import { errorText } from './feedback';

export const PREVIEW_DEBOUNCE_MS = 400;
/** The panel never grows taller than this, so a portrait kiosk does not push the form off screen. */
const MAX_STAGE_HEIGHT = 420;
const KINDS: readonly ScreenKind[] = ['tv', 'kiosk', 'ledStrip', 'ledWall'];

/** `电视屏 1920×1080`. */
export function targetLabel(kind: ScreenKind): string {
  const r = DEFAULT_RESOLUTION[kind];
  return `${SCREEN_KIND_LABELS[kind]} ${r.width}×${r.height}`;
}

/** The largest scale at which a `w`×`h` screen fits `maxW`×`maxH` (never enlarged). */
export function fitScale(w: number, h: number, maxW: number, maxH: number): number {
  if (w <= 0 || h <= 0 || maxW <= 0) return 1;
  return Math.min(1, maxW / w, maxH / h);
}

export interface PreviewFrameOptions {
  /** What to preview for this screen kind; undefined while the form cannot be previewed (invalid input). */
  request(kind: ScreenKind): PreviewRequest | undefined;
  /** The screen kind to start with. */
  kind?: ScreenKind;
  /** Show the kind picker (the slide form); the layout editor fixes the kind to its layout's. */
  pickKind?: boolean;
  /**
   * Preview in a hall staff choose (slide text fills in that hall's variables); the picker shows only
   * to users who see more than one hall. `onHall` hears the chosen hall (also the first one).
   */
  pickHall?: boolean;
  onHall?(hall: Hall | undefined): void;
}

export interface PreviewFrame {
  el: HTMLElement;
  /** Re-asks the server after a pause in typing (`immediate` skips the pause). */
  update(immediate?: boolean): void;
  /** Switches the screen size (reloads the player at the new size). */
  setKind(kind: ScreenKind): void;
  dispose(): void;
}

let hallIdPromise: Promise<string | undefined> | undefined;
/** A preview with neither screen nor hall plays in the first hall (its name, time zone, queue). */
function firstHallId(): Promise<string | undefined> {
  hallIdPromise ??= api.listHalls().then((halls) => halls[0]?.id, () => {
    hallIdPromise = undefined;
    return undefined;
  });
  return hallIdPromise;
}

/** Builds the panel; call `update()` whenever the previewed input changes. */
export function previewFrame(opts: PreviewFrameOptions): PreviewFrame {
  let kind: ScreenKind = opts.kind ?? 'tv';
  let ready = false;
  let manifest: Manifest | undefined;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const status = h('p', { class: 'preview-status muted', 'data-testid': 'preview-status', 'data-state': 'starting', 'aria-live': 'polite' }, '正在启动播放器…');
  const setStatus = (state: string, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  const picker = h('select', { 'data-testid': 'preview-kind', 'aria-label': '预览屏幕' }, options(KINDS.map((k): [string, string] => [k, targetLabel(k)]), kind));
  let halls: Hall[] = [];
  let pickedHall: string | undefined;
  const hallPicker = h('select', { 'data-testid': 'preview-hall', 'aria-label': '预览营业厅', hidden: true });
  const chooseHall = (id: string | undefined) => {
    pickedHall = id;
    opts.onHall?.(halls.find((x) => x.id === id));
  };
  hallPicker.onchange = () => {
    chooseHall(hallPicker.value);
    update(true);
  };
  if (opts.pickHall)
    void api.listHalls().then((list) => {
      halls = list;
      mount(hallPicker, options(list.map((x): [string, string] => [x.id, x.name]), list[0]?.id));
      hallPicker.hidden = list.length < 2;
      chooseHall(list[0]?.id);
      update(true);
    }, () => opts.onHall?.(undefined));
  const sizeText = h('span', { class: 'muted', 'data-testid': 'preview-size' });
  const fixedLabel = h('span', {}, targetLabel(kind));
  const box = h('div', { class: 'preview-box' });
  const stage = h('div', { class: 'preview-stage', 'data-testid': 'preview-stage' }, box);
  let iframe = makeIframe();

  function makeIframe(): HTMLIFrameElement {
    const r = DEFAULT_RESOLUTION[kind];
    return h('iframe', {
      src: '/player/?preview=1', title: '播放器预览', 'data-testid': 'preview-iframe', 'data-kind': kind,
      width: r.width, height: r.height, tabindex: '-1', style: `width:${r.width}px;height:${r.height}px`,
    });
  }

  const fit = () => {
    const r = DEFAULT_RESOLUTION[kind];
    const s = fitScale(r.width, r.height, stage.clientWidth, MAX_STAGE_HEIGHT);
    box.style.width = `${Math.round(r.width * s)}px`;
    box.style.height = `${Math.round(r.height * s)}px`;
    iframe.style.transform = `scale(${s})`;
    sizeText.textContent = `${r.width}×${r.height}，缩放 ${Math.round(s * 100)}%`;
  };

  const send = (cmd: PreviewCommand) => iframe.contentWindow?.postMessage(cmd, location.origin);
  const post = () => {
    if (ready && manifest) send({ type: 'preview.manifest', manifest, now: Date.now() });
  };

  const onMessage = (e: MessageEvent) => {
    if (e.source !== iframe.contentWindow || e.origin !== location.origin) return;
    const msg = PreviewEvent.safeParse(e.data);
    if (!msg.success) return;
    switch (msg.data.type) {
      case 'preview.ready':
        ready = true;
        if (!manifest) setStatus('waiting', '正在生成预览…');
        post();
        break;
      case 'preview.shown':
        setStatus('shown', `正在显示：${msg.data.title}`);
        status.dataset.slideId = msg.data.slideId;
        break;
      case 'preview.error':
        setStatus('error', `预览出错：${msg.data.message}`);
        break;
      default: {
        const never: never = msg.data;
        return never;
      }
    }
  };
  window.addEventListener('message', onMessage);

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const req = opts.request(kind);
    if (!req) {
      setStatus('incomplete', manifest ? '内容尚未填写完整，预览保持上一次的样子' : '填写完整后显示预览');
      return;
    }
    try {
      const hallId = req.screenId || req.hallId ? req.hallId : (pickedHall ?? (await firstHallId()));
      const m = await api.previewManifest({ kind, ...req, ...(hallId ? { hallId } : {}) });
      if (mine !== seq) return;
      manifest = m;
      if (!ready) setStatus('starting', '正在启动播放器…');
      post();
    } catch (err) {
      if (mine === seq) setStatus('error', `无法生成预览：${errorText(err)}`);
    }
  }

  const update = (immediate = false) => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), immediate ? 0 : PREVIEW_DEBOUNCE_MS);
  };
  const setKind = (next: ScreenKind) => {
    kind = next;
    picker.value = next;
    fixedLabel.textContent = targetLabel(next);
    ready = false;
    manifest = undefined;
    iframe = makeIframe();
    box.replaceChildren(iframe);
    setStatus('starting', '正在启动播放器…');
    fit();
    update(true);
  };
  picker.onchange = () => setKind(picker.value as ScreenKind);

  box.append(iframe);
  const resize = new ResizeObserver(fit);
  resize.observe(stage);
  queueMicrotask(fit);
  update(true);

  const el = h('div', { class: 'preview-panel', 'data-testid': 'preview-panel' }, [
    h('div', { class: 'preview-head' }, [opts.pickKind ? picker : fixedLabel, opts.pickHall && hallPicker, sizeText]),
    stage,
    status,
  ]);
  return {
    el,
    update,
    setKind,
    dispose() {
      clearTimeout(timer);
      seq++;
      resize.disconnect();
      window.removeEventListener('message', onMessage);
    },
  };
}

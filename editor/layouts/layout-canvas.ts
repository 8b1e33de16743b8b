/**
 * The layout drawn to scale: a frame with the screen kind's aspect ratio and each zone as a box at its
 * fractions. Boxes move by dragging their body and resize by their edge and corner handles (pointer
 * events with capture, snapped to 1 %); the form's numeric inputs and the canvas edit the same zones.
 */
import { DEFAULT_RESOLUTION, ZONE_TYPE_LABELS, type ScreenKind, type Zone } from '../../content/model';
import { h } from '../ui/dom';
import { HANDLES, dragRect, type Handle, type Rect } from './layout-geometry';

/** A zone being edited: the schema's shape, with fields that may still be invalid. */
export type DraftZone = Omit<Zone, 'content'> & { content: Record<string, unknown> & { type: Zone['content']['type'] } };

export interface LayoutCanvasOptions {
  kind(): ScreenKind;
  zones(): readonly DraftZone[];
  selected(): number;
  onSelect(index: number): void;
  /** A drag moved zone `index` to `rect` (already snapped and inside the screen). */
  onRect(index: number, rect: Rect): void;
}

export interface LayoutCanvas {
  el: HTMLElement;
  /** Redraws every box (after zones were added, removed, renamed or retyped). */
  render(): void;
  /** Moves one box to its zone's current rectangle (after a numeric input changed). */
  place(index: number): void;
  dispose(): void;
}

const MAX_HEIGHT = 360;
const pct = (f: number) => `${(f * 100).toFixed(2)}%`;

function position(box: HTMLElement, z: Rect): void {
  const ok = [z.x, z.y, z.w, z.h].every(Number.isFinite);
  box.hidden = !ok;
  if (!ok) return;
  box.style.left = pct(z.x);
  box.style.top = pct(z.y);
  box.style.width = pct(z.w);
  box.style.height = pct(z.h);
}

/** Builds the canvas. */
export function layoutCanvas(opts: LayoutCanvasOptions): LayoutCanvas {
  const frame = h('div', { class: 'layout-frame', 'data-testid': 'layout-canvas' });
  const caption = h('p', { class: 'muted layout-canvas-caption' });
  const wrap = h('div', { class: 'layout-canvas-wrap' }, frame);
  const boxes: HTMLElement[] = [];

  const size = () => {
    const r = DEFAULT_RESOLUTION[opts.kind()];
    const width = Math.min(wrap.clientWidth || 640, (MAX_HEIGHT * r.width) / r.height);
    frame.style.width = `${Math.round(width)}px`;
    frame.style.aspectRatio = `${r.width} / ${r.height}`;
    caption.textContent = `按 ${r.width}×${r.height} 比例绘制；拖动区域移动，拖动边框或角调整大小（吸附到 1%）`;
  };

  const startDrag = (e: PointerEvent, index: number, handle: Handle) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    opts.onSelect(index);
    const zone = opts.zones()[index];
    if (!zone) return;
    const start: Rect = { x: zone.x, y: zone.y, w: zone.w, h: zone.h };
    if (![start.x, start.y, start.w, start.h].every(Number.isFinite)) return;
    const target = e.currentTarget as HTMLElement;
    const fw = frame.clientWidth;
    const fh = frame.clientHeight;
    const [sx, sy] = [e.clientX, e.clientY];
    target.setPointerCapture(e.pointerId);
    frame.classList.add('dragging');
    const move = (ev: PointerEvent) => {
      const rect = dragRect(start, handle, (ev.clientX - sx) / fw, (ev.clientY - sy) / fh);
      opts.onRect(index, rect);
      const box = boxes[index];
      if (box) position(box, rect);
    };
    const end = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', end);
      target.removeEventListener('pointercancel', end);
      frame.classList.remove('dragging');
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', end);
    target.addEventListener('pointercancel', end);
  };

  const render = () => {
    size();
    boxes.length = 0;
    const sel = opts.selected();
    const zones = opts.zones();
    frame.replaceChildren(...zones.map((z, i) => {
      const box = h('div', {
        class: `layout-zone-box zone-${z.content.type}${i === sel ? ' selected' : ''}`,
        'data-testid': 'layout-zone-box', 'data-zone-id': z.id, 'data-index': i, title: z.name,
      }, [
        h('span', { class: 'layout-zone-label' }, [h('b', {}, z.name || '（未命名）'), ' ', ZONE_TYPE_LABELS[z.content.type]]),
        ...HANDLES.map((hd) => h('span', { class: `layout-handle h-${hd}`, 'data-testid': `layout-handle-${hd}`, 'data-handle': hd, 'aria-hidden': 'true' })),
      ]);
      box.addEventListener('pointerdown', (e) => {
        const hd = (e.target as HTMLElement).dataset.handle as Handle | undefined;
        startDrag(e, i, hd ?? 'move');
      });
      position(box, z);
      boxes.push(box);
      return box;
    }));
  };

  const resize = new ResizeObserver(size);
  resize.observe(wrap);
  return {
    el: h('div', { class: 'layout-canvas' }, [wrap, caption]),
    render,
    place(index) {
      const z = opts.zones()[index];
      const box = boxes[index];
      if (z && box) position(box, z);
    },
    dispose: () => resize.disconnect(),
  };
}

/** A small static drawing of a layout for lists (no handles, no events). */
export function layoutThumb(kind: ScreenKind, zones: readonly DraftZone[]): HTMLElement {
  const r = DEFAULT_RESOLUTION[kind];
  const frame = h('div', { class: 'layout-thumb', style: `aspect-ratio:${r.width} / ${r.height}`, 'aria-hidden': 'true' });
  for (const z of zones) {
    const box = h('div', { class: `layout-zone-box zone-${z.content.type}` });
    position(box, z);
    frame.append(box);
  }
  return frame;
}

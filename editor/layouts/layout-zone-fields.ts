/**
 * The form part of one zone in the layout editor: name, what feeds it (ZONE_TYPE_LABELS) with that
 * type's options (playlist, ticker text and speed, clock options), and its rectangle in % of the screen.
 * Every input writes straight into the draft zone; error slots sit at the schema's paths
 * (`zones.<i>.x`, `zones.<i>.content.text`) so `showIssues` puts LayoutInput's words beside the field.
 */
import { ZONE_TYPE_LABELS, type Playlist, type ZoneType } from '../../content/model';
import { DEFAULT_TICKER_TEXT } from '../../content/layout-templates';
import { h, mount, options } from '../ui/dom';
import { errorSlot, field } from '../ui/fields';
import { labelPairs } from '../ui/labels';
import type { DraftZone } from './layout-canvas';
import { fromPercent, toPercent } from './layout-geometry';
import { button } from '../ui/page';

/** What a zone of `type` starts with when staff switch to it. */
export function defaultContent(type: ZoneType): DraftZone['content'] {
  switch (type) {
    case 'main': return { type };
    case 'playlist': return { type, playlistId: '' };
    case 'ticker': return { type, text: DEFAULT_TICKER_TEXT, speed: 1.5 };
    case 'clock': return { type, showDate: true, showSeconds: false };
    case 'callPanel': return { type };
  }
}

export interface ZoneFieldsOptions {
  zone: DraftZone;
  index: number;
  playlists: readonly Playlist[];
  selected: boolean;
  canRemove: boolean;
  onSelect(): void;
  /** Name or content changed: the canvas relabels, the preview updates. */
  onEdit(): void;
  /** x / y / w / h changed from the inputs. */
  onRect(): void;
  onRemove(): void;
}

export interface ZoneFields {
  el: HTMLElement;
  /** Shows the zone's rectangle after a drag on the canvas. */
  syncRect(): void;
}

/** Builds one zone's card. */
export function zoneFields(o: ZoneFieldsOptions): ZoneFields {
  const { zone, index: i } = o;
  const p = (key: string) => `zones.${i}.${key}`;
  const name = h('input', { type: 'text', 'data-testid': 'layout-zone-name', value: zone.name, maxlength: 40 });
  name.oninput = () => {
    zone.name = name.value;
    o.onEdit();
  };
  const type = h('select', { 'data-testid': 'layout-zone-type' }, options(labelPairs(ZONE_TYPE_LABELS), zone.content.type));
  const contentBox = h('div', { class: 'form-grid zone-content' });
  type.onchange = () => {
    zone.content = defaultContent(type.value as ZoneType);
    showContent();
    o.onEdit();
  };

  const showContent = () => {
    const c = zone.content;
    switch (c.type) {
      case 'main':
        mount(contentBox, h('p', { class: 'muted wide' }, '播放排期为屏幕选定的播放列表；每个布局恰好一个主画面区域'));
        break;
      case 'callPanel':
        mount(contentBox, h('p', { class: 'muted wide' }, '显示最近的叫号和各窗口正在办理的号码（来自营业厅排队系统）'));
        break;
      case 'playlist': {
        const sel = h('select', { 'data-testid': 'layout-zone-playlist' }, options(
          [['', o.playlists.length ? '— 选择播放列表 —' : '请先新建播放列表'], ...o.playlists.map((pl): [string, string] => [pl.id, pl.name])],
          String(c.playlistId ?? ''),
        ));
        sel.onchange = () => {
          c.playlistId = sel.value;
          o.onEdit();
        };
        mount(contentBox, field('播放列表', sel, { path: p('content.playlistId'), wide: true, hint: '此区域循环播放这个列表，与排期无关' }));
        break;
      }
      case 'ticker': {
        const text = h('textarea', { 'data-testid': 'layout-zone-ticker-text', rows: 2, maxlength: 1000 }, String(c.text ?? ''));
        const speed = h('input', { type: 'number', 'data-testid': 'layout-zone-ticker-speed', min: 0.2, max: 10, step: 0.1, value: String(c.speed ?? 1.5) });
        text.oninput = () => {
          c.text = text.value;
          o.onEdit();
        };
        speed.oninput = () => {
          c.speed = speed.value.trim() === '' ? undefined : Number(speed.value);
          o.onEdit();
        };
        mount(contentBox, [
          field('滚动文字', text, { path: p('content.text'), wide: true }),
          field('滚动速度', speed, { path: p('content.speed'), hint: '每秒移动几个字高（0.2–10），LED 屏建议 1 左右' }),
        ]);
        break;
      }
      case 'clock': {
        const showDate = h('input', { type: 'checkbox', 'data-testid': 'layout-zone-show-date', checked: c.showDate !== false });
        const showSeconds = h('input', { type: 'checkbox', 'data-testid': 'layout-zone-show-seconds', checked: c.showSeconds === true });
        showDate.onchange = () => {
          c.showDate = showDate.checked;
          o.onEdit();
        };
        showSeconds.onchange = () => {
          c.showSeconds = showSeconds.checked;
          o.onEdit();
        };
        mount(contentBox, h('div', { class: 'field wide' }, [
          h('span', { class: 'label' }, '显示内容'),
          h('label', { class: 'check' }, [showDate, '日期和星期']),
          h('label', { class: 'check' }, [showSeconds, '秒']),
        ]));
        break;
      }
    }
  };
  showContent();

  const rectKeys = ['x', 'y', 'w', 'h'] as const;
  const rectLabels = { x: '左边距 %', y: '上边距 %', w: '宽 %', h: '高 %' };
  const rectInputs = rectKeys.map((k) => {
    const input = h('input', { type: 'number', 'data-testid': `layout-zone-${k}`, min: 0, max: 100, step: 1, value: String(toPercent(zone[k])) });
    input.oninput = () => {
      zone[k] = fromPercent(input.value);
      o.onRect();
    };
    return field(rectLabels[k], input, { path: p(k) });
  });

  const el = h('section', {
    class: `zone-card${o.selected ? ' selected' : ''}`, 'data-testid': 'layout-zone', 'data-zone-id': zone.id,
    onfocusin: () => o.onSelect(),
  }, [
    h('header', { class: 'zone-card-head' }, [
      h('b', {}, `区域 ${i + 1}`),
      h('span', { class: 'spacer' }),
      o.canRemove && button('删除区域', 'layout-zone-remove', o.onRemove, 'danger-text'),
    ]),
    h('div', { class: 'form-grid' }, [
      field('区域名称', name, { path: p('name') }),
      field('内容', type, { path: p('content') }),
    ]),
    contentBox,
    h('div', { class: 'form-grid four' }, rectInputs),
    errorSlot(p('id')),
    errorSlot(`zones.${i}`),
  ]);
  return {
    el,
    syncRect() {
      for (const [n, k] of rectKeys.entries()) {
        const input = rectInputs[n]!.querySelector('input')!;
        if (document.activeElement !== input) input.value = String(toPercent(zone[k]));
      }
    },
  };
}

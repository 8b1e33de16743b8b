/**
 * The form of one kiosk page, by type (menu, guide, slide, prices, map, queue). Inputs write straight
 * into the draft page; `changed()` revalidates and refreshes the tree and preview, `rebuild()` redraws
 * this form after a row was added, removed or moved. Error slots carry the schema path
 * (`pages.2.tiles.0.target`) so issues land beside the field they name.
 */
import { KIOSK_PAGE_LABELS } from '../../content/kiosk-model';
import { AREA_LABELS, type Slide } from '../../content/model';
import { h, options, type Child } from '../ui/dom';
import { errorSlot, field } from '../ui/fields';
import { move, type DraftPage, type DraftTile } from './kiosk-tree';
import { mediaPicker } from '../media/media-picker';

export interface PageFormContext {
  page: DraftPage;
  index: number;
  pages: readonly DraftPage[];
  slides: readonly Slide[];
  changed(): void;
  rebuild(): void;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function textIn(obj: Obj, key: string, testid: string, ctx: PageFormContext, attrs: Record<string, string | number> = {}): HTMLInputElement {
  const el = h('input', { type: 'text', 'data-testid': testid, value: str(obj[key]), ...attrs });
  el.addEventListener('input', () => {
    obj[key] = el.value;
    ctx.changed();
  });
  return el;
}

function areaIn(obj: Obj, key: string, testid: string, ctx: PageFormContext, rows = 3): HTMLTextAreaElement {
  const el = h('textarea', { 'data-testid': testid, rows }, str(obj[key]));
  el.addEventListener('input', () => {
    obj[key] = el.value;
    ctx.changed();
  });
  return el;
}

/** A percentage input over a 0–1 fraction (the schema's unit for map rectangles). */
function percentIn(obj: Obj, key: string, testid: string, label: string, ctx: PageFormContext): HTMLInputElement {
  const v = obj[key];
  const el = h('input', {
    type: 'number', min: 0, max: 100, step: 0.5, 'data-testid': testid, 'aria-label': label, title: label, placeholder: label,
    value: typeof v === 'number' ? String(Math.round(v * 1000) / 10) : '',
  });
  el.addEventListener('input', () => {
    obj[key] = el.value.trim() === '' ? undefined : Math.round(Number(el.value) * 100) / 10_000;
    ctx.changed();
  });
  return el;
}

function selectIn(obj: Obj, key: string, testid: string, pairs: [string, string][], ctx: PageFormContext, label: string): HTMLSelectElement {
  const el = h('select', { 'data-testid': testid, 'aria-label': label }, options(pairs, str(obj[key])));
  el.addEventListener('change', () => {
    obj[key] = el.value;
    ctx.changed();
  });
  return el;
}

interface ListOptions<T> {
  name: string;
  items: T[];
  max: number;
  addLabel: string;
  make(): T;
  row(item: T, j: number): Child;
  ctx: PageFormContext;
  /** Schema path of the list (`pages.1.steps`): row issues go to `path.j`. */
  path: string;
}

/** Rows with 上移 / 下移 / 删除 and an add button; structure changes redraw the form. */
function listEditor<T>(o: ListOptions<T>): HTMLElement {
  const structural = (fn: () => void) => () => {
    fn();
    o.ctx.changed();
    o.ctx.rebuild();
  };
  const rows = o.items.map((item, j) =>
    h('li', { class: 'kiosk-row', 'data-testid': `${o.name}-row` }, [
      h('div', { class: 'kiosk-row-fields' }, o.row(item, j)),
      h('div', { class: 'kiosk-row-actions' }, [
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': `${o.name}-up`, title: '上移', 'aria-label': '上移', disabled: j === 0, onclick: structural(() => move(o.items, j, -1)) }, '↑'),
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': `${o.name}-down`, title: '下移', 'aria-label': '下移', disabled: j === o.items.length - 1, onclick: structural(() => move(o.items, j, 1)) }, '↓'),
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': `${o.name}-remove`, title: '删除', 'aria-label': '删除', onclick: structural(() => o.items.splice(j, 1)) }, '×'),
      ]),
      errorSlot(`${o.path}.${j}`),
    ]),
  );
  return h('div', { class: 'kiosk-list' }, [
    h('ol', { class: 'kiosk-rows', 'data-testid': `${o.name}-list` }, rows),
    h('button', { type: 'button', class: 'btn small', 'data-testid': `${o.name}-add`, disabled: o.items.length >= o.max, onclick: structural(() => o.items.push(o.make())) }, `＋ ${o.addLabel}`),
    errorSlot(o.path),
  ]);
}

const arr = <T>(page: DraftPage, key: string): T[] => {
  if (!Array.isArray(page[key])) page[key] = [];
  return page[key] as T[];
};
const small = (label: string, control: HTMLElement, path: string): HTMLElement =>
  h('label', { class: 'kiosk-mini' }, [h('span', { class: 'muted' }, label), control, errorSlot(path)]);

function menuFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const tiles = arr<DraftTile>(ctx.page, 'tiles');
  const targets: [string, string][] = [['', '请选择目标页面'], ...ctx.pages.filter((x) => x.id !== ctx.page.id).map((x): [string, string] => [x.id, `${x.title || x.id}（${KIOSK_PAGE_LABELS[x.type]} · ${x.id}）`])];
  return [
    field('按钮', listEditor<DraftTile>({
      name: 'kiosk-tile', items: tiles, max: 12, addLabel: '添加按钮', ctx, path: `${p}.tiles`,
      make: () => ({ label: '', hint: '', icon: '', target: '' }),
      row: (t, j) => [
        small('文字', textIn(t as unknown as Obj, 'label', 'kiosk-tile-label', ctx, { placeholder: '例如：办事指南', maxlength: 40 }), `${p}.tiles.${j}.label`),
        small('说明', textIn(t as unknown as Obj, 'hint', 'kiosk-tile-hint', ctx, { placeholder: '可选', maxlength: 60 }), `${p}.tiles.${j}.hint`),
        small('图标', textIn(t as unknown as Obj, 'icon', 'kiosk-tile-icon', ctx, { placeholder: '📋', maxlength: 4, class: 'kiosk-icon-input' }), `${p}.tiles.${j}.icon`),
        small('打开页面', selectIn(t as unknown as Obj, 'target', 'kiosk-tile-target', targets, ctx, '打开页面'), `${p}.tiles.${j}.target`),
      ],
    }), { path: `${p}.tiles`, wide: true, hint: '每个按钮打开一个页面；返回由屏幕上的「返回」按钮完成，不要链接回上级菜单' }),
  ];
}

function guideFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const page = ctx.page as Obj;
  const docs = arr<string>(ctx.page, 'documents');
  return [
    field('简介', areaIn(page, 'intro', 'kiosk-guide-intro', ctx, 3), { path: `${p}.intro`, wide: true }),
    field('办理步骤', listEditor<{ title: string; body: string }>({
      name: 'kiosk-step', items: arr(ctx.page, 'steps'), max: 20, addLabel: '添加步骤', ctx, path: `${p}.steps`,
      make: () => ({ title: '', body: '' }),
      row: (s, j) => [
        small(`第 ${j + 1} 步`, textIn(s as unknown as Obj, 'title', 'kiosk-step-title', ctx, { placeholder: '例如：提出申请', maxlength: 40 }), `${p}.steps.${j}.title`),
        small('说明', areaIn(s as unknown as Obj, 'body', 'kiosk-step-body', ctx, 2), `${p}.steps.${j}.body`),
      ],
    }), { path: `${p}.steps`, wide: true, required: true }),
    field('所需材料', listEditor<string>({
      name: 'kiosk-doc', items: docs, max: 20, addLabel: '添加材料', ctx, path: `${p}.documents`,
      make: () => '',
      row: (_, j) => {
        const el = h('input', { type: 'text', 'data-testid': 'kiosk-doc', value: docs[j] ?? '', placeholder: '例如：户主有效身份证件', 'aria-label': '材料' });
        el.addEventListener('input', () => {
          docs[j] = el.value;
          ctx.changed();
        });
        return el;
      },
    }), { path: `${p}.documents`, wide: true }),
    field('二维码链接', textIn(page, 'qrUrl', 'kiosk-guide-qr-url', ctx, { placeholder: 'https://…（可选）' }), { path: `${p}.qrUrl`, hint: '访客扫码在手机上办理' }),
    field('二维码说明', textIn(page, 'qrLabel', 'kiosk-guide-qr-label', ctx, { maxlength: 60 }), { path: `${p}.qrLabel` }),
  ];
}

function slideFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const usable = ctx.slides.filter((s) => s.type !== 'kioskApp');
  const pairs: [string, string][] = [['', '请选择幻灯片'], ...usable.map((s): [string, string] => [s.id, `${s.title}（${s.status === 'approved' ? '已通过' : '未审核'}）`])];
  return [field('显示的幻灯片', selectIn(ctx.page, 'slideId', 'kiosk-slide-pick', pairs, ctx, '显示的幻灯片'), {
    path: `${p}.slideId`, wide: true, required: true, hint: '已有的公告、电价表、安全提示等可直接作为页面；幻灯片需审核通过后才会在屏幕上显示',
  })];
}

function pricesFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const prices = ctx.slides.filter((s) => s.type === 'priceTable');
  const pairs: [string, string][] = [['', '请选择电价表'], ...prices.map((s): [string, string] => [s.id, `${s.title}${s.type === 'priceTable' && s.tariff ? '' : '（未填写数字电价，不可用）'}`])];
  const el = selectIn(ctx.page, 'priceSlideId', 'kiosk-price-pick', pairs, ctx, '电价表');
  for (const o of el.options) if (o.value && !prices.find((s) => s.id === o.value && s.type === 'priceTable' && s.tariff)) o.disabled = true;
  return [field('电价表幻灯片', el, {
    path: `${p}.priceSlideId`, wide: true, required: true, hint: '阶梯电价和电费计算器都取自这张电价表的「数字电价」；请在电价表中填写后再选择',
  })];
}

function mapFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const page = ctx.page as Obj;
  const picker = mediaPicker(str(page.mediaId) || undefined, 'image', (m) => {
    page.mediaId = m.id;
    ctx.changed();
  });
  const areaPairs = Object.entries(AREA_LABELS) as [string, string][];
  let here = page.here as Obj | undefined;
  const hereObj = (): Obj => (here ??= page.here = { x: 0.5, y: 0.9 }) as Obj;
  const hereOn = h('input', { type: 'checkbox', 'data-testid': 'kiosk-map-here-on', checked: !!here });
  hereOn.onchange = () => {
    if (hereOn.checked) hereObj();
    else here = page.here = undefined;
    ctx.changed();
    ctx.rebuild();
  };
  return [
    field('平面图', picker.el, { path: `${p}.mediaId`, wide: true, hint: '上传或选择大厅平面图图片' }),
    field('区域位置（占图片宽高的 %）', listEditor<Obj>({
      name: 'kiosk-area', items: arr(ctx.page, 'areas'), max: 10, addLabel: '添加区域', ctx, path: `${p}.areas`,
      make: () => ({ area: 'waiting', x: 0.1, y: 0.1, w: 0.3, h: 0.2 }),
      row: (a, j) => [
        small('区域', selectIn(a, 'area', 'kiosk-area-name', areaPairs, ctx, '区域'), `${p}.areas.${j}.area`),
        small('左 %', percentIn(a, 'x', 'kiosk-area-x', '左 %', ctx), `${p}.areas.${j}.x`),
        small('上 %', percentIn(a, 'y', 'kiosk-area-y', '上 %', ctx), `${p}.areas.${j}.y`),
        small('宽 %', percentIn(a, 'w', 'kiosk-area-w', '宽 %', ctx), `${p}.areas.${j}.w`),
        small('高 %', percentIn(a, 'h', 'kiosk-area-h', '高 %', ctx), `${p}.areas.${j}.h`),
      ],
    }), { path: `${p}.areas`, wide: true }),
    field('“您在这里”位置', h('div', { class: 'kiosk-inline' }, [
      h('label', { class: 'check' }, [hereOn, '显示']),
      here && small('左 %', percentIn(hereObj(), 'x', 'kiosk-here-x', '左 %', ctx), `${p}.here.x`),
      here && small('上 %', percentIn(hereObj(), 'y', 'kiosk-here-y', '上 %', ctx), `${p}.here.y`),
    ]), { path: `${p}.here`, wide: true }),
    field('业务与窗口', listEditor<Obj>({
      name: 'kiosk-service', items: arr(ctx.page, 'services'), max: 30, addLabel: '添加业务', ctx, path: `${p}.services`,
      make: () => ({ name: '', area: 'counter', counters: [] }),
      row: (s, j) => {
        const counters = h('input', { type: 'text', 'data-testid': 'kiosk-service-counters', value: ((s.counters as string[]) ?? []).join('，'), placeholder: '例如：1，2', 'aria-label': '窗口' });
        counters.addEventListener('input', () => {
          s.counters = counters.value.split(/[,，、\s]+/).map((c) => c.trim()).filter(Boolean);
          ctx.changed();
        });
        return [
          small('业务', textIn(s, 'name', 'kiosk-service-name', ctx, { placeholder: '例如：新装、增容', maxlength: 40 }), `${p}.services.${j}.name`),
          small('区域', selectIn(s, 'area', 'kiosk-service-area', areaPairs, ctx, '区域'), `${p}.services.${j}.area`),
          small('窗口', counters, `${p}.services.${j}.counters`),
        ];
      },
    }), { path: `${p}.services`, wide: true, hint: '访客点业务即可看到去哪个区域、哪个窗口' }),
  ];
}

/** 取号: which services (ids, comma-separated; empty = all of the hall's), print or not, the printed note. */
function takeTicketFields(ctx: PageFormContext, p: string): HTMLElement[] {
  const page = ctx.page as Obj;
  const ids = h('input', { type: 'text', 'data-testid': 'kiosk-ticket-services', value: (Array.isArray(page.serviceIds) ? (page.serviceIds as string[]) : []).join(', ') });
  ids.addEventListener('input', () => {
    page.serviceIds = ids.value.split(/[\s,，]+/).filter(Boolean);
    ctx.changed();
  });
  const print = h('input', { type: 'checkbox', 'data-testid': 'kiosk-ticket-print', checked: page.print !== false });
  print.addEventListener('change', () => {
    page.print = print.checked;
    ctx.changed();
  });
  return [
    field('业务编号', ids, { path: `${p}.serviceIds`, wide: true, hint: '留空 = 本厅全部业务（系统设置 → 业务与窗口）；填写则按此顺序显示' }),
    field('打印号票', print, { path: `${p}.print`, hint: '80 mm 热敏纸；触摸机浏览器需以 --kiosk-printing 启动' }),
    field('号票提示语', textIn(page, 'note', 'kiosk-ticket-note', ctx, { maxlength: 60 }), { path: `${p}.note`, wide: true }),
  ];
}

/** The type-specific fields of the page (title and page actions are drawn by the caller). */
export function pageFields(ctx: PageFormContext): HTMLElement[] {
  const p = `pages.${ctx.index}`;
  switch (ctx.page.type) {
    case 'menu': return menuFields(ctx, p);
    case 'guide': return guideFields(ctx, p);
    case 'slide': return slideFields(ctx, p);
    case 'prices': return pricesFields(ctx, p);
    case 'map': return mapFields(ctx, p);
    case 'queue': return [h('p', { class: 'muted wide', 'data-testid': 'kiosk-queue-note' }, '显示本厅各业务的等候人数，数据来自叫号系统，无需填写。')];
    case 'takeTicket': return takeTicketFields(ctx, p);
  }
}

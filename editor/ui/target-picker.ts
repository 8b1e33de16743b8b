/**
 * Who a schedule entry or an override is for: a radio choice of kind (全部屏幕 / 指定屏幕 / 指定区域 /
 * 整个营业厅) and the checkbox list for that kind (`check-list.ts`). Also words for a target in lists.
 */
import { AREA_LABELS, type Area, type Hall, type Target } from '../../content/model';
import type { ScreenView } from '../api';
import { checkList } from './check-list';
import { h } from './dom';
import { errorSlot, field, group } from './fields';

export type TargetKind = 'all' | 'screens' | 'areas' | 'halls';
const KIND_LABELS: Record<TargetKind, string> = { all: '全部屏幕', screens: '指定屏幕', areas: '指定区域', halls: '整个营业厅' };

export interface TargetPicker {
  el: HTMLElement;
  /** The target as raw values; the form's schema validates it. */
  read(): Target;
}

/** Which kind an existing target was made with. */
function kindOf(t: Target | undefined, kinds: readonly TargetKind[]): TargetKind {
  if (t?.all && kinds.includes('all')) return 'all';
  if (t?.screenIds?.length) return 'screens';
  if (t?.areas?.length) return 'areas';
  if (t?.hallIds?.length) return 'halls';
  return kinds[0] ?? 'screens';
}

/**
 * Builds the picker. Testids: `${prefix}-target-kind` (fieldset) with radios `${prefix}-target-kind-${kind}`,
 * `${prefix}-screens`, `${prefix}-areas`, `${prefix}-area-halls`, `${prefix}-halls`.
 */
export function targetPicker(prefix: string, kinds: readonly TargetKind[], screens: ScreenView[], halls: Hall[], initial?: Target): TargetPicker {
  let kind = kindOf(initial, kinds);
  const hallName = new Map(halls.map((x) => [x.id, x.name]));
  const screenSel = checkList(`${prefix}-screens`, screens.map((s) => [s.id, `${s.name} · ${hallName.get(s.hallId) ?? ''} · ${AREA_LABELS[s.area]}`]), initial?.screenIds);
  const areaSel = checkList(`${prefix}-areas`, Object.entries(AREA_LABELS), initial?.areas);
  const hallPairs = halls.map((x): [string, string] => [x.id, x.name]);
  const areaHallSel = checkList(`${prefix}-area-halls`, hallPairs, kind === 'areas' ? initial?.hallIds : undefined);
  const hallSel = checkList(`${prefix}-halls`, hallPairs, kind === 'halls' ? initial?.hallIds : undefined);

  const panels: Record<TargetKind, HTMLElement> = {
    all: h('p', { class: 'muted' }, '所有营业厅的所有屏幕'),
    screens: field('屏幕', screenSel.el, { path: 'target.screenIds' }),
    areas: h('div', { class: 'form-grid' }, [
      field('区域', areaSel.el, { path: 'target.areas' }),
      field('限定营业厅（可不选 = 所有营业厅）', areaHallSel.el, { path: 'target.hallIds' }),
    ]),
    halls: field('营业厅', hallSel.el, { path: 'target.hallIds' }),
  };
  const show = () => {
    for (const k of kinds) panels[k].hidden = k !== kind;
  };
  const radios = kinds.map((k) =>
    h('label', { class: 'radio' }, [
      h('input', {
        type: 'radio', name: `${prefix}-target-kind`, value: k, checked: k === kind, 'data-testid': `${prefix}-target-kind-${k}`,
        onchange: () => { kind = k; show(); },
      }),
      KIND_LABELS[k],
    ]),
  );
  show();

  return {
    el: group('投放目标', [
      h('div', { class: 'radio-row', 'data-testid': `${prefix}-target-kind`, role: 'radiogroup' }, radios),
      kinds.map((k) => panels[k]),
      errorSlot('target'),
    ]),
    read() {
      // Tags have no editor yet; keep any the target already had instead of dropping them.
      const tags = initial?.tags?.length ? { tags: initial.tags } : {};
      switch (kind) {
        case 'all': return { all: true };
        case 'screens': return { screenIds: screenSel.values(), ...tags };
        case 'areas': {
          const hallIds = areaHallSel.values();
          return { areas: areaSel.values() as Area[], ...(hallIds.length ? { hallIds } : {}), ...tags };
        }
        case 'halls': return { hallIds: hallSel.values(), ...tags };
      }
    },
  };
}

/** "屏幕：A、B" / "区域：业务待办区（城东营业厅）" / "营业厅：城东" / "全部屏幕". */
export function describeTarget(t: Target, screens: readonly ScreenView[], halls: readonly Hall[]): string {
  if (t.all) return '全部屏幕';
  const hallNames = (t.hallIds ?? []).map((id) => halls.find((x) => x.id === id)?.name ?? id).join('、');
  const parts: string[] = [];
  if (t.screenIds?.length) parts.push(`屏幕：${t.screenIds.map((id) => screens.find((s) => s.id === id)?.name ?? id).join('、')}`);
  if (t.areas?.length) parts.push(`区域：${t.areas.map((a) => AREA_LABELS[a]).join('、')}${hallNames ? `（${hallNames}）` : ''}`);
  else if (hallNames) parts.push(`营业厅：${hallNames}`);
  if (t.tags?.length) parts.push(`标签：${t.tags.join('、')}`);
  return parts.join('；') || '—';
}

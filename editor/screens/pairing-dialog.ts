/**
 * 配对新设备: a device opened on `/player/` shows a 6-character code; staff type it here (lower case,
 * spaces and dashes are fine: `PairingCode` normalises them), choose what the device becomes — a new
 * screen (hall, area, name, kind) or one more device of an existing screen — and the device's next
 * poll collects its key and starts playing. The player's QR code opens `#/screens/pair?code=…`.
 */
import { AREA_LABELS, SCREEN_KIND_LABELS, type Hall } from '../../content/model';
import { PAIR_ACTION, PairingClaimInput } from '../../content/pairing';
import { ApiError, api, type ScreenView } from '../api';
import { openDialog } from '../ui/dialog';
import { h, mount, options } from '../ui/dom';
import { toast, withBusy } from '../ui/feedback';
import { errorSlot, field, showIssues } from '../ui/fields';
import { labelPairs } from '../ui/labels';

const [NewScreenClaim, ExistingScreenClaim] = PairingClaimInput.options;
const list = (value: string) => value.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);

/** Opens the dialog; `code` pre-fills it (from the QR link). `onPaired` runs after each success. */
export function openPairingDialog(halls: readonly Hall[], screens: readonly ScreenView[], code: string, onPaired: (screen: ScreenView) => void): void {
  const body = h('div', { class: 'pairing' });
  const close = openDialog(PAIR_ACTION, body, { testid: 'pairing-dialog', wide: true });
  showForm(code);

  function showForm(prefill: string): void {
    const codeInput = h('input', {
      type: 'text', class: 'pairing-code', 'data-testid': 'pairing-code', value: prefill.toUpperCase(), maxlength: 12,
      autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: '如 K7M2QX',
    });
    // Typing in lower case is fine; showing it upper case matches what the screen shows.
    codeInput.oninput = () => {
      const at = codeInput.selectionStart;
      codeInput.value = codeInput.value.toUpperCase();
      codeInput.setSelectionRange(at, at);
    };
    const modeNew = h('input', { type: 'radio', name: 'pairing-mode', value: 'new', 'data-testid': 'pairing-mode-new', checked: true });
    const modeExisting = h('input', { type: 'radio', name: 'pairing-mode', value: 'existing', 'data-testid': 'pairing-mode-existing', disabled: screens.length === 0 });
    const name = h('input', { type: 'text', 'data-testid': 'pairing-name', placeholder: '例如：等候区 2 号电视' });
    const hall = h('select', { 'data-testid': 'pairing-hall' }, options(halls.map((x): [string, string] => [x.id, x.name])));
    const area = h('select', { 'data-testid': 'pairing-area' }, options(labelPairs(AREA_LABELS), 'waiting'));
    const kind = h('select', { 'data-testid': 'pairing-kind' }, options(labelPairs(SCREEN_KIND_LABELS), 'tv'));
    const counters = h('input', { type: 'text', 'data-testid': 'pairing-counters', placeholder: '如：1，2（窗口屏填写）' });
    const hallName = new Map(halls.map((x) => [x.id, x.name]));
    const existing = h('select', { 'data-testid': 'pairing-screen' }, options([...screens]
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((s): [string, string] => [s.id, `${s.name}（${hallName.get(s.hallId) ?? '—'} · ${AREA_LABELS[s.area]}）`])));
    const newFields = h('div', { class: 'form-grid wide' }, [
      field('屏幕名称', name, { path: 'name', required: true }),
      field('营业厅', hall, { path: 'hallId', required: true }),
      field('区域', area, { path: 'area' }),
      field('屏幕类型', kind, { path: 'kind' }),
      field('服务窗口', counters, { path: 'counters', hint: '叫号时只显示这些窗口（窗口屏）' }),
    ]);
    const existingFields = h('div', { class: 'form-grid wide', hidden: true }, [
      field('屏幕', existing, { path: 'screenId', required: true, hint: '原有设备继续可用；要替换旧设备，配对后在「详情」中撤销它', wide: true }),
    ]);
    const submit = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'pairing-submit' }, '配对');
    const form = h('form', { class: 'form-grid', novalidate: true }, [
      field('配对码', codeInput, { path: 'code', required: true, wide: true, hint: '在新设备屏幕上显示的 6 位字母或数字，10 分钟内有效' }),
      h('div', { class: 'field wide' }, [
        h('span', { class: 'label' }, '这台设备'),
        h('div', { class: 'radio-row' }, [
          h('label', { class: 'check' }, [modeNew, '作为新屏幕']),
          h('label', { class: 'check' }, [modeExisting, '加入已有屏幕']),
        ]),
      ]),
      newFields,
      existingFields,
      errorSlot(''),
      h('div', { class: 'form-actions wide' }, submit),
    ]);
    modeNew.onchange = modeExisting.onchange = () => {
      newFields.hidden = !modeNew.checked;
      existingFields.hidden = modeNew.checked;
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const parsed = modeNew.checked
        ? NewScreenClaim.safeParse({ code: codeInput.value, name: name.value, hallId: hall.value, area: area.value, kind: kind.value, counters: list(counters.value) })
        : ExistingScreenClaim.safeParse({ code: codeInput.value, screenId: existing.value });
      if (!parsed.success) {
        showIssues(form, parsed.error.issues);
        return;
      }
      void withBusy(submit, async () => {
        try {
          const { screen } = await api.claimPairing(parsed.data);
          onPaired(screen);
          showSuccess(screen, parsed.data.code);
        } catch (err) {
          // An unknown, used or expired code is the usual case: say it where the code was typed.
          if (err instanceof ApiError && err.failure.kind !== 'network' && err.failure.kind !== 'server') {
            showIssues(form, [{ code: 'custom', path: ['code'], message: err.message, input: undefined }]);
          }
          throw err;
        }
      });
    });
    mount(body, form);
    (prefill ? name : codeInput).focus();
  }

  function showSuccess(screen: ScreenView, code: string): void {
    toast(`设备已配对为「${screen.name}」`);
    const again = h('button', { type: 'button', class: 'btn', 'data-testid': 'pairing-again', onclick: () => showForm('') }, '继续配对');
    const done = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'pairing-done', onclick: () => close() }, '完成');
    mount(body, [
      h('div', { class: 'pairing-success', 'data-testid': 'pairing-success', 'data-screen-id': screen.id, role: 'status' }, [
        h('p', { class: 'pairing-success-title' }, `配对码 ${code} 已配对为「${screen.name}」`),
        h('p', { class: 'muted' }, `${AREA_LABELS[screen.area]} · ${SCREEN_KIND_LABELS[screen.kind]}。设备几秒内会自动开始播放，并在屏幕墙上显示为在线。`),
      ]),
      h('div', { class: 'form-actions' }, [again, done]),
    ]);
    done.focus();
  }
}

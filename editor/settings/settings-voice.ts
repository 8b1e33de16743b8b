/**
 * 播报语音: the short clips the server joins into every announcement (请, digits, letters, 号, 窗口 …).
 * Each can be played, replaced with a staff recording (WAV; the server converts it to the clip format)
 * or reverted to the generated voice; 试听 plays a whole announcement for a typed ticket and counter.
 */
import { CounterId, Ticket } from '../../content/model';
import { ApiError, api, isMissingEndpoint, type VoiceClip } from '../api';
import type { ViewContext } from '../context';
import { confirmDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { field, showIssues } from '../ui/fields';
import { badge, button, loadError, loading } from '../ui/page';

/** The server's multer limit for one recording. */
const MAX_WAV_BYTES = 10 * 1024 * 1024;

/** A WAV file starts with "RIFF" …size… "WAVE"; checked before uploading so staff hear why at once. */
async function isWav(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const text = (from: number) => String.fromCharCode(...head.slice(from, from + 4));
  return head.length === 12 && text(0) === 'RIFF' && text(8) === 'WAVE';
}

const NUMERALS = new Set('零一二三四五六七八九十百千万两'.split(''));
/** Sections of the clip list, so 50-odd clips stay findable; anything unrecognised lands in 词语. */
const CLIP_GROUPS: readonly (readonly [string, (c: VoiceClip) => boolean])[] = [
  ['词语与提示音', (c) => !c.name.startsWith('letter-') && !NUMERALS.has(c.label)],
  ['数字', (c) => NUMERALS.has(c.label)],
  ['字母', (c) => c.name.startsWith('letter-')],
];

/** One <audio> for every play button: starting one clip stops the other. */
const player = new Audio();

function play(url: string): void {
  player.src = url;
  player.play().catch(() => toast('无法播放：浏览器拒绝了播放或音频不存在', 'error'));
}

function uploadControl(clip: VoiceClip, onDone: () => void): HTMLElement {
  const id = `clip-file-${clip.name}`;
  const input = h('input', { type: 'file', id, accept: '.wav,audio/wav,audio/x-wav,audio/wave', class: 'visually-hidden', 'data-testid': 'clip-upload', 'data-clip-name': clip.name });
  const label = h('label', { for: id, class: 'btn', 'data-testid': 'clip-upload-button' }, '上传录音');
  input.onchange = async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_WAV_BYTES) return toast('录音超过 10 MB，请剪短后再上传', 'error');
    if (!(await isWav(file))) return toast(`「${file.name}」不是 WAV 文件：请用录音软件导出为 WAV 格式`, 'error');
    label.classList.add('disabled');
    input.disabled = true;
    label.textContent = '上传中…';
    try {
      await api.uploadVoiceClip(clip.name, file);
      toast(`「${clip.label}」已换成录音`);
      onDone();
    } catch (err) {
      toast(`录音上传失败：${errorText(err)}`, 'error');
    } finally {
      label.classList.remove('disabled');
      input.disabled = false;
      label.textContent = '上传录音';
    }
  };
  return h('span', {}, [input, label]);
}

/** 试听: a whole announcement as screens will play it (once). */
function previewControl(): HTMLElement {
  const ticket = h('input', { type: 'text', 'data-testid': 'voice-preview-ticket', value: 'A023', maxlength: 16 });
  const counter = h('input', { type: 'text', 'data-testid': 'voice-preview-counter', value: '3', maxlength: 16 });
  const audio = h('audio', { controls: true, preload: 'none', 'data-testid': 'voice-preview-audio' });
  const go = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'voice-preview' }, '▶ 试听');
  const form = h('form', { class: 'voice-preview', novalidate: true }, [
    field('票号', ticket, { path: 'ticket' }),
    field('窗口', counter, { path: 'counter' }),
    go,
    audio,
  ]);
  audio.onerror = () => {
    if (audio.getAttribute('src')) toast('无法生成试听语音：语音片段可能不完整', 'error');
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = Ticket.safeParse(ticket.value);
    const c = CounterId.safeParse(counter.value);
    const issues = [
      ...(t.success ? [] : t.error.issues.map((i) => ({ ...i, path: ['ticket'] }))),
      ...(c.success ? [] : c.error.issues.map((i) => ({ ...i, path: ['counter'] }))),
    ];
    if (!t.success || !c.success) return void showIssues(form, issues);
    // `t` busts the cache: a clip may have been re-recorded a moment ago.
    const q = new URLSearchParams({ ticket: t.data.toUpperCase(), counter: c.data, repeat: '1', t: String(Date.now()) });
    audio.src = `/voice/call.wav?${q}`;
    audio.play().catch(() => { /* the error event says why */ });
  });
  return form;
}

/** The card body: 试听 on top, then every clip. */
export function voiceSection(_ctx: ViewContext): { el: HTMLElement; dispose(): void } {
  const list = h('div', { 'data-testid': 'settings-voice' }, loading());
  const el = h('div', {}, [
    previewControl(),
    h('p', { class: 'muted' }, '播报由下列语音片段拼接而成（票号逐字朗读，窗口号按数字读）。上传录音后立即生效；恢复后使用系统生成的语音。'),
    list,
  ]);

  const tile = (clip: VoiceClip) => {
    const recorded = clip.source === 'recorded';
    const revert = recorded && button('恢复生成', 'clip-revert', async () => {
      if (!(await confirmDialog(`删除「${clip.label}」的录音，恢复系统生成的语音？`, '恢复'))) return;
      await withBusy(revert as HTMLButtonElement, async () => {
        await api.revertVoiceClip(clip.name);
        toast(`「${clip.label}」已恢复为生成语音`);
        await reload();
      });
    }, 'danger-text');
    return h('li', { class: `clip-tile${recorded ? ' recorded' : ''}`, 'data-testid': 'clip-row', 'data-clip-name': clip.name, 'data-source': clip.source }, [
      h('div', { class: 'clip-head' }, [
        h('strong', {}, clip.label),
        h('small', { class: 'muted' }, clip.name),
        badge(recorded ? '录音' : '生成', recorded ? 'green' : 'grey'),
      ]),
      h('div', { class: 'row-actions' }, [
        button('▶ 播放', 'clip-play', () => play(clip.url)),
        uploadControl(clip, () => void reload()),
        revert,
      ]),
    ]);
  };
  const reload = async () => {
    try {
      const clips = await api.listVoiceClips();
      const groups = CLIP_GROUPS.map(([title, test]) => [title, clips.filter(test)] as const).filter(([, list]) => list.length > 0);
      const recorded = clips.filter((c) => c.source === 'recorded').length;
      mount(list, [
        h('p', { class: 'muted', 'data-testid': 'clip-summary' }, `共 ${clips.length} 个片段，其中 ${recorded} 个为录音`),
        groups.map(([title, items]) => [h('h3', {}, title), h('ul', { class: 'clip-grid' }, items.map(tile))]),
      ]);
    } catch (err) {
      if (isMissingEndpoint(err) || (err instanceof ApiError && err.failure.kind === 'notFound')) mount(list, h('p', { class: 'muted' }, '服务器暂未提供播报语音管理'));
      else mount(list, loadError(errorText(err), () => void reload()));
    }
  };
  void reload();
  return { el, dispose: () => player.pause() };
}

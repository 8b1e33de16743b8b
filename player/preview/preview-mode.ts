/**
 * Preview mode (`/player/?preview=1`): the editor embeds the real player in an iframe sized to the
 * target screen and feeds it manifests over postMessage (content/preview.ts), so what staff see is
 * what plays — same renderer, same resolver, same layouts. No socket, no storage: the Player is made
 * but never `start()`ed. Only the editor that framed us (same origin, our parent) is listened to.
 */
import type { Application } from 'pixi.js';
import { PreviewCommand, type PreviewEvent } from '../../content/preview';
import { Player } from '../player';
import type { ScreenParams } from '../screen-params';
import { COMMON_GLYPHS, loadGlyphs } from '../slides/font-loading';

/** Stand-in identity: the socket URL is built from it but never opened. */
export const PREVIEW_PARAMS: ScreenParams = { screenId: 'preview', key: 'preview', preview: true };

/** Whether the page was opened as the editor's preview. */
export function isPreview(search: string): boolean {
  return new URLSearchParams(search).get('preview') === '1';
}

/** Talk to the editor: take manifests, report ready and each main-zone slide shown. */
export function startPreview(player: Player, win: Window = window): void {
  const parent = win.parent;
  const post = (event: PreviewEvent): void => parent.postMessage(event, win.location.origin);
  player.onMainShown = (slide) => post({ type: 'preview.shown', slideId: slide.id, title: slide.title });
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== win.location.origin || event.source !== parent) return;
    const parsed = PreviewCommand.safeParse(event.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      post({ type: 'preview.error', message: `预览数据无效：${issue ? `${issue.path.join('.')} ${issue.message}` : '格式不对'}` });
      return;
    }
    const command = parsed.data;
    if (command.type === 'preview.manifest') player.preview(command.manifest, command.queueState);
    else player.previewShow(command.slideId);
  });
  post({ type: 'preview.ready' });
}

/** The whole preview page: a Player on `app` that is never started, driven by the editor. */
export async function runPreview(app: Application): Promise<Player> {
  await loadGlyphs(COMMON_GLYPHS);
  const player = new Player(app, PREVIEW_PARAMS);
  startPreview(player);
  return player;
}

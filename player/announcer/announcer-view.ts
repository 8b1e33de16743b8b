/**
 * The announcer in the page: the one reused `<audio>` element, the state element tests and
 * operators read (`data-testid="announcer"`, `data-state` idle|playing|blocked,
 * `data-current-call-id`), and the one-tap 开启声音 prompt shown while autoplay is blocked.
 * Any tap or key on the page unlocks, not only the button: on a kiosk or a TV with a remote,
 * the staff member should not have to aim.
 */
import type { AnnouncerState } from './announcer';

/** The DOM side of the announcer. */
export class AnnouncerView {
  readonly audio: HTMLAudioElement;
  private readonly status = document.createElement('div');
  private prompt: HTMLButtonElement | null = null;
  private readonly onGesture = (event: Event): void => {
    if (event instanceof KeyboardEvent && !['Enter', ' ', 'Spacebar'].includes(event.key)) return;
    this.unlock();
  };

  /** `mount` receives the state element (the sr-only mirror); `unlock` runs inside the user's gesture. */
  constructor(
    mount: (element: HTMLElement) => void,
    private readonly unlock: () => void,
  ) {
    this.audio = document.createElement('audio');
    this.audio.preload = 'auto';
    this.audio.dataset.testid = 'announcer-audio';
    this.status.dataset.testid = 'announcer';
    this.status.dataset.state = 'idle';
    this.status.dataset.currentCallId = '';
    this.status.append(this.audio);
    mount(this.status);
  }

  /** Reflect the announcer's state; show or remove the prompt. */
  render(state: AnnouncerState, callId: string | null): void {
    this.status.dataset.state = state;
    this.status.dataset.currentCallId = callId ?? '';
    if (state === 'blocked') this.showPrompt();
    else this.hidePrompt();
  }

  private showPrompt(): void {
    if (this.prompt) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sound-prompt';
    button.dataset.testid = 'sound-prompt';
    button.setAttribute('aria-label', '开启声音：浏览器阻止了自动播放，轻触一次以播报叫号');
    const title = Object.assign(document.createElement('strong'), { textContent: '开启声音' });
    const hint = Object.assign(document.createElement('span'), { textContent: '浏览器阻止了叫号语音，请轻触屏幕一次' });
    button.append(title, hint);
    document.body.append(button);
    this.prompt = button;
    // Capture: the tap unlocks even if something else on the page handles it.
    // NOTE: click, not pointerdown: a touch pointerdown does not count as user activation.
    document.addEventListener('click', this.onGesture, true);
    document.addEventListener('keydown', this.onGesture, true);
  }

  private hidePrompt(): void {
    if (!this.prompt) return;
    this.prompt.remove();
    this.prompt = null;
    document.removeEventListener('click', this.onGesture, true);
    document.removeEventListener('keydown', this.onGesture, true);
  }
}

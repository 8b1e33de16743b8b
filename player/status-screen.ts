/**
 * Messages in the page itself (not the canvas) for states in which the player cannot play:
 * no screen configured, a refused key, a deleted screen, and the `identify` command. Plain DOM, so
 * they work even when WebGL does not.
 */

/** The reasons a full-screen notice can be up. */
export type StatusNotice = 'unconfigured' | 'badKey' | 'screenGone' | 'noWebgl';

const TEXT: Record<StatusNotice, { title: string; detail: string }> = {
  unconfigured: {
    title: '此屏幕尚未配置',
    detail: '播放地址缺少屏幕编号或设备密钥。请在管理后台「屏幕」页面复制本屏幕的播放地址（含 screen 与 key 参数）后在此打开。',
  },
  badKey: {
    title: '设备密钥无效',
    detail: '此屏幕的设备密钥不正确或已被撤销。请在管理后台重新生成本屏幕的播放地址。系统每 30 秒自动重试一次。',
  },
  screenGone: {
    title: '此屏幕已被删除',
    detail: '管理后台中已没有这块屏幕。请联系管理员重新添加屏幕，并使用新的播放地址。',
  },
  noWebgl: {
    title: '无法启动画面渲染',
    detail: '此设备的浏览器无法使用 WebGL。请开启硬件加速或更换浏览器后重试，页面将自动刷新。',
  },
};

let notice: HTMLDivElement | null = null;
let identify: HTMLDivElement | null = null;

/** Show a full-screen notice (replacing any other). */
export function showStatus(kind: StatusNotice, extra = ''): void {
  notice ??= document.body.appendChild(document.createElement('div'));
  notice.className = 'status-screen';
  notice.dataset.testid = 'status';
  notice.dataset.status = kind;
  notice.setAttribute('role', 'alert');
  const { title, detail } = TEXT[kind];
  notice.replaceChildren(
    Object.assign(document.createElement('h1'), { textContent: title }),
    Object.assign(document.createElement('p'), { textContent: detail }),
    ...(extra ? [Object.assign(document.createElement('p'), { className: 'status-extra', textContent: extra })] : []),
  );
}

/** Remove the full-screen notice, if any. */
export function clearStatus(): void {
  notice?.remove();
  notice = null;
}

/** Show which screen this is for `ms` milliseconds (the editor's "identify" button). */
export function showIdentify(lines: string[], ms = 10_000): void {
  identify?.remove();
  const box = document.createElement('div');
  box.className = 'identify';
  box.replaceChildren(...lines.map((l, i) => Object.assign(document.createElement(i === 0 ? 'h1' : 'p'), { textContent: l })));
  document.body.append(box);
  identify = box;
  setTimeout(() => {
    if (identify === box) {
      box.remove();
      identify = null;
    }
  }, ms);
}

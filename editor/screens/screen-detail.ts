/**
 * 屏幕详情: the devices paired to a screen (撤销 one: that device returns to its pairing code), the
 * 更换密钥 of the screen's playerUrl (every browser opened with the old link drops), and the recent
 * screenshots. Admin actions ask first; the lists reload after each change.
 */
import { api, isMissingEndpoint, type PairedDeviceView, type ScreenView } from '../api';
import { copyText } from '../ui/clipboard';
import { confirmDialog, openDialog } from '../ui/dialog';
import { h, mount } from '../ui/dom';
import { errorText, toast, withBusy } from '../ui/feedback';
import { button, loading } from '../ui/page';
import { formatAgo, formatDateTime } from '../time/time-format';

/** Opens the dialog; `admin` shows the devices (with 撤销) and the key rotation. */
export function openScreenDetail(screen: ScreenView, admin: boolean): void {
  const devices = h('div', { 'data-testid': 'screen-devices' }, loading());
  const shots = h('div', { class: 'shot-gallery', 'data-testid': 'screen-shots' }, loading());
  const keyPart = h('div', { class: 'key-part' });
  openDialog(`屏幕详情：${screen.name}`, [
    // Device lists and keys are admin business (the server refuses others).
    admin && h('h3', {}, '已配对设备'),
    admin && devices,
    admin && h('h3', {}, '播放地址密钥'),
    admin && keyPart,
    h('h3', {}, '最近截图'),
    shots,
  ], { testid: 'screen-detail', wide: true });

  const deviceRow = (d: PairedDeviceView): HTMLElement => {
    const revoke = button('撤销', 'device-revoke', async () => {
      const ok = await confirmDialog(`撤销设备「${d.label || d.id}」？它将立即停止播放并回到配对码界面，需要重新配对才能使用。`, '撤销');
      if (!ok) return;
      await withBusy(revoke, async () => {
        await api.revokeDevice(screen.id, d.id);
        toast('设备已撤销');
        await loadDevices();
      });
    }, 'danger-text');
    return h('li', { class: 'device-row', 'data-testid': 'device-row', 'data-device-id': d.id }, [
      h('span', {}, [h('strong', {}, d.label || '未命名设备'), h('small', { class: 'muted block' }, `配对于 ${formatDateTime(d.pairedAt)}`)]),
      revoke,
    ]);
  };

  async function loadDevices(): Promise<void> {
    try {
      const list = await api.listDevices(screen.id);
      mount(devices, list.length
        ? h('ul', { class: 'device-list' }, list.map(deviceRow))
        : h('p', { class: 'muted', 'data-testid': 'devices-empty' }, '没有通过配对码接入的设备（用播放地址打开的浏览器不在此列）'));
    } catch (err) {
      mount(devices, h('p', { class: 'load-error' }, isMissingEndpoint(err) ? '服务器暂不支持设备配对' : errorText(err)));
    }
  }

  async function loadShots(): Promise<void> {
    try {
      const list = await api.listScreenshots(screen.id);
      mount(shots, list.length
        ? list.slice(0, 12).map((s) => h('a', { href: s.url, target: '_blank', rel: 'noopener', class: 'shot', 'data-testid': 'screen-shot' }, [
          h('img', { src: s.thumbnailUrl ?? s.thumbUrl ?? s.url, alt: `截图 ${formatDateTime(s.at)}`, loading: 'lazy' }),
          h('small', { title: formatDateTime(s.at) }, formatAgo(s.at)),
        ]))
        : h('p', { class: 'muted' }, '还没有截图：在屏幕墙上点「截图」，或等屏幕定时截图'));
    } catch (err) {
      mount(shots, h('p', { class: 'load-error' }, isMissingEndpoint(err) ? '服务器暂不支持截图' : errorText(err)));
    }
  }

  const rotate = button('更换密钥', 'screen-rotate-key', async () => {
    const ok = await confirmDialog(`更换「${screen.name}」的播放地址密钥？用旧播放地址打开的屏幕会立即断开，需要改用新地址。配对的设备不受影响。`, '更换密钥');
    if (!ok) return;
    await withBusy(rotate, async () => {
      const updated = await api.rotateKey(screen.id);
      const url = new URL(updated.playerUrl ?? '', location.href).href;
      toast('密钥已更换');
      mount(keyPart, [
        h('p', {}, '新的播放地址：'),
        h('p', { class: 'code', 'data-testid': 'screen-new-url' }, url),
        button('复制链接', 'screen-new-url-copy', () => copyText(url).then(() => toast('链接已复制'), () => toast('复制失败，请手动选择链接复制', 'error'))),
      ]);
    });
  });
  mount(keyPart, [h('p', { class: 'muted' }, '播放地址泄露或设备丢失时更换：旧地址立即失效。'), rotate]);
  if (admin) void loadDevices();
  void loadShots();
}

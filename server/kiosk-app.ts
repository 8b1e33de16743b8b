/**
 * Save-time checks of a kiosk app that need the store: pages that show other slides must name slides
 * that exist (and are not kiosk apps themselves), price pages must name a price slide with numeric
 * prices, and a hall map names an image — whose player rendition URL is filled in here.
 */
import type { SlideInput } from '../content/model';
import { HttpError } from './http-error';
import type { StoreReader } from './store/store';

type KioskAppInput = Extract<SlideInput, { type: 'kioskApp' }>;

export function completeKioskApp(store: StoreReader, input: KioskAppInput): KioskAppInput {
  const pages = input.pages.map((page) => {
    const where = `页面「${page.title}」`;
    if (page.type === 'slide') {
      const s = store.get('slides', page.slideId);
      if (!s) throw new HttpError(400, 'unknown_slide', `${where}使用的幻灯片 ${page.slideId} 不存在`);
      if (s.type === 'kioskApp') throw new HttpError(400, 'nested_kiosk_app', `${where}不能嵌套另一个触摸查询应用`);
    }
    if (page.type === 'prices') {
      const s = store.get('slides', page.priceSlideId);
      if (!s || s.type !== 'priceTable') throw new HttpError(400, 'unknown_price_slide', `${where}需要一张电价表幻灯片（${page.priceSlideId} 不是）`);
      if (!s.tariff) throw new HttpError(400, 'no_tariff', `${where}使用的电价表「${s.title}」没有填写数字电价（tariff），无法计算电费`);
    }
    if (page.type === 'map' && page.mediaId) {
      const m = store.get('media', page.mediaId);
      if (!m || m.kind !== 'image') throw new HttpError(400, 'unknown_media', `${where}的平面图 ${page.mediaId} 不是已上传的图片`);
      return { ...page, imageUrl: m.renditions[0]?.url ?? m.url };
    }
    if (page.type === 'map') {
      const { imageUrl: _stale, ...rest } = page;
      return rest;
    }
    return page;
  });
  return { ...input, pages };
}

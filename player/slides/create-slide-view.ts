/**
 * The one place that maps a slide type to its renderer. Exhaustive: a new type in content/model.ts
 * fails to compile here until the player can draw it.
 */
import type { Slide } from '../../content/model';
import { AttractCard } from '../kiosk/attract-card';
import { ClockSlide } from './clock';
import { ImageSlide } from './image';
import { NoticeSlide } from './notice';
import { OutageNoticeSlide } from './outage-notice';
import { PayChannelsSlide } from './pay-channels';
import { PriceTableSlide } from './price-table';
import { QueueBoardSlide } from './queue-board-slide';
import { SafetyTipSlide } from './safety-tip';
import type { SlideContext, SlideView } from './slide-view';
import { StandbySlide } from './standby';
import { VideoSlide } from './video';
import { WelcomeSlide } from './welcome';

/** Build the (not yet prepared) view of a slide. */
export function createSlideView(slide: Slide, ctx: SlideContext): SlideView {
  switch (slide.type) {
    case 'notice':
      return new NoticeSlide(slide, ctx);
    case 'welcome':
      return slide.tags?.includes('standby') ? new StandbySlide(slide, ctx) : new WelcomeSlide(slide, ctx);
    case 'priceTable':
      return new PriceTableSlide(slide, ctx);
    case 'safetyTip':
      return new SafetyTipSlide(slide, ctx);
    case 'payChannels':
      return new PayChannelsSlide(slide, ctx);
    case 'outageNotice':
      return new OutageNoticeSlide(slide, ctx);
    case 'image':
      return new ImageSlide(slide, ctx);
    case 'video':
      return new VideoSlide(slide, ctx);
    case 'clock':
      return new ClockSlide(slide, ctx);
    case 'queueBoard':
      return new QueueBoardSlide(slide, ctx);
    case 'kioskApp':
      return new AttractCard(slide, ctx);
    default: {
      const unknown: never = slide;
      throw new Error(`no renderer for slide type ${(unknown as { type: string }).type}`);
    }
  }
}

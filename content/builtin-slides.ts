/**
 * Slides the resolver can name without any content: the idle slide (nothing scheduled — hall name and
 * clock, never black) and the standby slide (outside the area's business hours).
 */
import type { Hall, Slide, SlideOf } from './model';

/** The slide id of the built-in idle slide. */
export const IDLE_SLIDE_ID = 'idle';
/** The slide id of the built-in standby slide (outside business hours). */
export const STANDBY_SLIDE_ID = 'standby';

/** The built-in idle slide: hall name and a welcome. */
export function idleSlide(hall: Hall): SlideOf<'welcome'> {
  return {
    id: IDLE_SLIDE_ID,
    type: 'welcome',
    title: hall.name,
    hallName: hall.name,
    slogan: '欢迎光临 · 竭诚为您服务',
    status: 'approved',
    createdAt: hall.createdAt,
    updatedAt: hall.createdAt,
  };
}

/** The standby slide; tagged so renderers can dim it (or go black when the hall says `blank`). */
export function standbySlide(hall: Hall): SlideOf<'welcome'> {
  return {
    ...idleSlide(hall),
    id: STANDBY_SLIDE_ID,
    slogan: '现在是非营业时间 · 感谢您的光临',
    tags: ['standby', hall.standby ?? 'dim'],
  };
}

/** The built-in slide with this id, if it is one. */
export function builtinSlide(slideId: string, hall: Hall): Slide | undefined {
  if (slideId === IDLE_SLIDE_ID) return idleSlide(hall);
  if (slideId === STANDBY_SLIDE_ID) return standbySlide(hall);
  return undefined;
}

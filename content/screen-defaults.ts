/** A new screen from what staff (or the demo seed) give: resolution and call display default by kind and area. */
import { DEFAULT_RESOLUTION, defaultCallDisplay, type Screen, type ScreenInput } from './model';

export function screenFromInput(input: ScreenInput, id: string, createdAt: string): Screen {
  return {
    id,
    name: input.name,
    hallId: input.hallId,
    area: input.area,
    kind: input.kind,
    resolution: input.resolution ?? DEFAULT_RESOLUTION[input.kind],
    counters: input.counters ?? [],
    tags: input.tags ?? [],
    callDisplay: input.callDisplay ?? defaultCallDisplay(input.area, input.kind),
    announce: input.announce ?? false,
    ...(input.stripIdleText && { stripIdleText: input.stripIdleText }),
    ...(input.stripPausedText && { stripPausedText: input.stripPausedText }),
    ...(input.defaultPlaylistId && { defaultPlaylistId: input.defaultPlaylistId }),
    ...(input.layoutId && { layoutId: input.layoutId }),
    ...(input.offlineBadgeMs !== undefined && { offlineBadgeMs: input.offlineBadgeMs }),
    ...(input.screenshotEveryMin !== undefined && { screenshotEveryMin: input.screenshotEveryMin }),
    keyGeneration: 0,
    devices: [],
    createdAt,
  };
}

/**
 * 默认内容 of one hall: what plays when no schedule entry is active. The resolver tries the screen's
 * own default, then its area's, then the hall's, then the built-in idle slide; this form sets the last
 * two (a screen's own is in the screen form).
 */
import { AREA_LABELS, Area, type Hall, type Playlist } from '../../content/model';
import { h } from '../ui/dom';
import { errorSlot, field } from '../ui/fields';
import { fillPlaylistSelect, playlistSelect } from '../playlists/playlist-select';

const NONE = '（无）';

export interface DefaultsFields {
  el: HTMLElement;
  /** Raw ids; '' (无) is left out. */
  read(): { defaultPlaylistId?: string; areaDefaults: Partial<Record<Area, string>> };
  /** Refreshes the pickers' options, keeping what each has selected. */
  setPlaylists(playlists: readonly Playlist[]): void;
}

/** The hall picker (`hall-default-playlist`) and one picker per area (`hall-area-default`). */
export function defaultsFields(hall: Hall, playlists: readonly Playlist[]): DefaultsFields {
  const hallSel = playlistSelect(playlists, hall.defaultPlaylistId, NONE, { 'data-testid': 'hall-default-playlist' });
  const areaSels = Area.options.map((area) => ({
    area,
    select: playlistSelect(playlists, hall.areaDefaults?.[area], NONE, { 'data-testid': 'hall-area-default', 'data-area': area }),
  }));
  const el = h('div', { class: 'defaults-grid' }, [
    field('营业厅默认内容', hallSel, { path: 'defaultPlaylistId', wide: true, hint: '任何区域没有排期、也没有区域默认内容时播放；都不设置则显示待机画面（营业厅名称与时钟）' }),
    areaSels.map(({ area, select }) => field(AREA_LABELS[area], select, { path: `areaDefaults.${area}` })),
    errorSlot('areaDefaults'),
  ]);
  return {
    el,
    read() {
      const areaDefaults: Partial<Record<Area, string>> = {};
      for (const { area, select } of areaSels) if (select.value) areaDefaults[area] = select.value;
      return { ...(hallSel.value ? { defaultPlaylistId: hallSel.value } : {}), areaDefaults };
    },
    setPlaylists(next) {
      fillPlaylistSelect(hallSel, next, NONE);
      for (const { select } of areaSels) fillPlaylistSelect(select, next, NONE);
    },
  };
}

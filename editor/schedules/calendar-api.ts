/** The endpoint of the 营业厅日历, beside the view that uses it. */
import type { HallCalendar } from '../../content/hall-calendar';
import { apiRequest } from '../api';

/** Every screen of a hall per day and hour, `days` (≤ 42) from `from` on the hall's calendar. */
export const hallCalendar = (hallId: string, from: string, days: number): Promise<HallCalendar> =>
  apiRequest<HallCalendar>('GET', `/api/halls/${encodeURIComponent(hallId)}/calendar?${new URLSearchParams({ from, days: String(days) })}`);

/** The 设备告警 endpoint: `GET /api/alerts` → `{ alerts }` (open first), only the caller's halls. */
import type { Alert } from '../../content/model';
import { apiRequest } from '../api';

export const alertsApi = {
  list: (q: { open?: boolean; hallId?: string } = {}) => {
    const s = new URLSearchParams();
    if (q.open) s.set('open', '1');
    if (q.hallId) s.set('hallId', q.hallId);
    return apiRequest<{ alerts: Alert[] }>('GET', `/api/alerts${s.size ? `?${s}` : ''}`);
  },
};

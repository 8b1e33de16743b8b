/** The endpoints of 节假日与例外日期, beside the settings that use them. */
import type { ExceptionDay, Hall } from '../../content/model';
import { apiRequest } from '../api';

const id = encodeURIComponent;

export const exceptionsApi = {
  /** Replaces a hall's own list (its admins). */
  setHallExceptions: (hallId: string, exceptions: unknown[]) => apiRequest<Hall>('PUT', `/api/halls/${id(hallId)}/exceptions`, { exceptions }),
  /** The district's default list, which every hall follows on dates it does not name itself. */
  districtExceptions: () => apiRequest<{ exceptions: ExceptionDay[] }>('GET', '/api/district/exceptions'),
  /** Replaces the district's list (admins of every hall). */
  setDistrictExceptions: (exceptions: unknown[]) => apiRequest<{ exceptions: ExceptionDay[] }>('PUT', '/api/district/exceptions', { exceptions }),
};

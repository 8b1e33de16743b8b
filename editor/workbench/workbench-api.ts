/** The 工作台's endpoints: the summary, and open alerts (`GET /api/alerts?open=1`, built separately; absent on older servers). */
import type { WorkbenchSummary } from '../../content/workbench-model';
import { ApiError, apiRequest } from '../api';

/** An open alert as the alerts endpoint lists it. */
export interface OpenAlert { id: string; hallId: string; screenId?: string; kind: string; message: string; startedAt: string | number; endedAt: null | number }

/** The summary of every hall the user may see. */
export const loadWorkbench = (): Promise<WorkbenchSummary> => apiRequest<WorkbenchSummary>('GET', '/api/workbench');

/** Open alerts, or `undefined` when this server has no alerts endpoint (the card then shows "—"). */
export async function loadOpenAlerts(): Promise<OpenAlert[] | undefined> {
  try {
    return (await apiRequest<{ alerts: OpenAlert[] }>('GET', '/api/alerts?open=1')).alerts;
  } catch (err) {
    // Any 404 (no such endpoint, or a proxy's page) means the feature is not there yet: not an error.
    if (err instanceof ApiError && err.failure.kind === 'notFound') return undefined;
    throw err;
  }
}

/** Open alerts per hall: a number, or `undefined` (shown as "—") when alerts are not available. */
export function openAlertCount(alerts: readonly OpenAlert[] | undefined, hallId: string): number | undefined {
  return alerts?.filter((a) => a.hallId === hallId && a.endedAt === null).length;
}

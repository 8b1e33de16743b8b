/** The hall's own queue endpoints the editor uses (services, the live overview, counter actions, the report). */
import type { QueueReport } from '../../content/ticketing-report';
import type { CounterAction, CounterResult, QueueService, QueueTicket, ServiceInput } from '../../content/ticketing-model';
import { apiRequest as request } from '../api';

const id = encodeURIComponent;

/** One service as the overview shows it: waiting now and the estimate for a new ticket. */
export interface ServiceLoad {
  serviceId: string;
  name: string;
  prefix: string;
  priority: boolean;
  open: boolean;
  waiting: number;
  openCounters: number;
  estimatedWaitMinutes?: number;
}
/** One counter in the overview. */
export interface CounterView {
  counter: string;
  paused: boolean;
  serviceIds: string[];
  serving?: { id: string; number: string; serviceId: string; calledAt?: string; recalls: number };
}
/** `GET /api/halls/:id/own-queue`. */
export interface OwnQueue {
  hallId: string;
  timezone: string;
  now: string;
  services: ServiceLoad[];
  counters: CounterView[];
}
/** What a counter action answers. */
export type CounterReply = CounterResult;

type ServiceBody = Partial<Omit<ServiceInput, 'prefix'>> & { prefix?: string };

export const ownQueueApi = {
  overview: (hallId: string) => request<OwnQueue>('GET', `/api/halls/${id(hallId)}/own-queue`),
  listServices: (hallId: string) => request<QueueService[]>('GET', `/api/halls/${id(hallId)}/services`),
  createService: (hallId: string, body: ServiceBody) => request<QueueService>('POST', `/api/halls/${id(hallId)}/services`, body),
  updateService: (hallId: string, sid: string, body: ServiceBody) => request<QueueService>('PATCH', `/api/halls/${id(hallId)}/services/${id(sid)}`, body),
  deleteService: (hallId: string, sid: string) => request<void>('DELETE', `/api/halls/${id(hallId)}/services/${id(sid)}`),
  act: (hallId: string, counter: string, action: CounterAction, body: object = {}) =>
    request<CounterReply>('POST', `/api/halls/${id(hallId)}/counters/${id(counter)}/${action}`, body),
  takeTicket: (hallId: string, serviceId: string) => request<{ id: string; number: string; waitingAhead: number }>('POST', '/api/queue/tickets', { hallId, serviceId }),
  report: (q: { hallId: string; from: string; to: string }) => request<QueueReport>('GET', `/api/reports/queue?${new URLSearchParams(q)}`),
  reportCsvUrl: (q: { hallId: string; from: string; to: string }) => `/api/reports/queue.csv?${new URLSearchParams(q)}`,
};

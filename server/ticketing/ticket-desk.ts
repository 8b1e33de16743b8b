/**
 * The hall's own queue, server side: taking tickets and the counter actions. Every change runs inside
 * one `store.transact` (serialized with every other write, durable before it resolves), so two counters
 * pressing 下一位 at once never get the same ticket and an acknowledged ticket survives kill -9. Calls go
 * out through the call service like an outside system's; the hall's queue state follows by snapshot.
 */
import type { Hall } from '../../content/model';
import { counterId, countersOf, hallDay, normalCountAfter, pickNext, sequenceId, serviceClosedReason, servicesOfCounter, ticketNumber, transferRefusal } from '../../content/ticketing';
import { TAKE_KEY_TTL_MS, TransferInput, type CounterAction, type CounterResult, type QueueCounter, type QueueService, type QueueTicket } from '../../content/ticketing-model';
import { addDays } from '../../content/wall-clock';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import type { QueueActor } from './queue-access';
import { publicTicket, queueSnapshot } from './queue-view';

/** Days of tickets the store keeps (today and the week before): the report's reach. */
export const KEEP_TICKET_DAYS = 8;

const hallOr404 = (tx: Pick<Transaction, 'get'>, hallId: string): Hall => tx.get('halls', hallId) ?? (() => { throw notFound('营业厅', hallId); })();

function serviceOr404(tx: Pick<Transaction, 'get'>, hallId: string, serviceId: string): QueueService {
  const s = tx.get('queueServices', serviceId);
  if (!s || s.hallId !== hallId) throw new HttpError(404, 'unknown_service', `营业厅 ${hallId} 没有业务 ${serviceId}，请先在「系统设置 → 业务与窗口」中添加`);
  return s;
}

/** Inserts or replaces by id. */
function put<C extends 'queueCounters' | 'ticketSequences' | 'queueTickets'>(tx: Transaction, c: C, item: Parameters<Transaction['insert']>[1] & { id: string }): void {
  if (tx.get(c, item.id)) tx.replace(c, item as never);
  else tx.insert(c, item as never);
}


export function createTicketDesk(ctx: AppContext) {
  const { store, clock, calls, intake, audit } = ctx;

  /** Pushes the hall's own-queue snapshot into its queue state (boards, strips, waiting counts). */
  const syncQueueState = (hallId: string, actor: QueueActor): Promise<unknown> => {
    const hall = store.get('halls', hallId);
    const snapshot = hall && queueSnapshot(store, hall, clock());
    return snapshot ? intake.submit(snapshot, { actor: actor.name, receivedAt: clock() }) : Promise.resolve();
  };

  return {
    /**
     * 取号: the next number of the service's prefix on the hall's day. With `requestKey`, a repeat within
     * TAKE_KEY_TTL_MS returns the ticket the first request made (`replayed`); the look-up runs in the same
     * transaction as the take, so two concurrent retries still make one ticket, and the key is stored on
     * the ticket, so a restart remembers it.
     */
    async take(hallId: string, serviceId: string, actor: QueueActor, requestKey?: string) {
      const { ticket, replayed } = await store.transact((tx) => {
        // Read inside the transaction: numbers and take times then rise together.
        const now = clock();
        const at = new Date(now).toISOString();
        const hall = hallOr404(tx, hallId);
        if (requestKey !== undefined) {
          const earlier = tx.list('queueTickets').find((x) => x.hallId === hallId && x.requestKey === requestKey && now - Date.parse(x.takenAt) < TAKE_KEY_TTL_MS);
          if (earlier) {
            const takenFor = earlier.transfers[0]?.from ?? earlier.serviceId;
            if (takenFor !== serviceId) throw new HttpError(409, 'idempotency_key_reused', '这个幂等键（Idempotency-Key）已用于另一项业务的取号，请每次点按生成新的键');
            return { ticket: earlier, replayed: true };
          }
        }
        const service = serviceOr404(tx, hallId, serviceId);
        const closed = serviceClosedReason(service, now, hall.timezone);
        if (closed) throw new HttpError(409, 'service_closed', `「${service.name}」暂不能取号：${closed}`);
        const day = hallDay(now, hall.timezone);
        const seqId = sequenceId(hallId, day, service.prefix);
        const seq = (tx.get('ticketSequences', seqId)?.last ?? 0) + 1;
        put(tx, 'ticketSequences', { id: seqId, hallId, day, prefix: service.prefix, last: seq });
        const t: QueueTicket = {
          id: newId('tkt'),
          hallId,
          serviceId,
          number: ticketNumber(service.prefix, seq),
          day,
          seq,
          priority: service.priority === true,
          status: 'waiting',
          source: actor.kind,
          takenAt: at,
          queuedAt: at,
          recalls: 0,
          transfers: [],
          ...(requestKey !== undefined && { requestKey }),
        };
        tx.insert('queueTickets', t);
        // Old days leave the store (sequences after two days: yesterday's may still be read at midnight).
        const keepFrom = addDays(day, -KEEP_TICKET_DAYS + 1);
        tx.retain('queueTickets', (x) => x.hallId !== hallId || x.day >= keepFrom);
        tx.retain('ticketSequences', (x) => x.hallId !== hallId || x.day >= addDays(day, -1));
        return { ticket: t, replayed: false };
      });
      if (!replayed) {
        audit.write({ who: actor.name, action: 'queue.ticket.take', id: ticket.id, hallId, serviceId, number: ticket.number });
        await syncQueueState(hallId, actor);
      }
      // A replay answers from the ticket as stored now (same id and number; its place may have moved on).
      const current = replayed ? (store.get('queueTickets', ticket.id) ?? ticket) : ticket;
      return { ticket: { ...publicTicket(store, current, clock()), hallId, priority: current.priority }, replayed };
    },

    /** One counter action; throws a 4xx that says what to do when it cannot be done. */
    async act(hallId: string, counter: string, action: CounterAction, body: unknown, actor: QueueActor): Promise<CounterResult> {
      const receivedAt = clock();
      const transfer = action === 'transfer' ? TransferInput.parse(body ?? {}) : undefined;
      const result = await store.transact((tx): CounterResult & { kind?: 'call' | 'recall'; serviceName?: string } => {
        // Read inside the transaction: two counters' calls are stamped in the order they were decided.
        const now = clock();
        const at = new Date(now).toISOString();
        const hall = hallOr404(tx, hallId);
        const services = tx.list('queueServices').filter((s) => s.hallId === hallId);
        if (!countersOf(services).includes(counter))
          throw new HttpError(404, 'unknown_counter', `${counter} 号窗口不办理本营业厅的任何业务，请在「系统设置 → 业务与窗口」中设置`);
        const id = counterId(hallId, counter);
        const state: QueueCounter = tx.get('queueCounters', id) ?? { id, hallId, counter, paused: false, normalSincePriority: 0, updatedAt: at };
        const current = state.ticketId ? tx.get('queueTickets', state.ticketId) : undefined;
        const serving = current?.status === 'called' && current.counter === counter ? current : undefined;
        const save = (next: Partial<QueueCounter>): QueueCounter => {
          const s = { ...state, ...next, updatedAt: at };
          if (!s.ticketId) delete s.ticketId;
          put(tx, 'queueCounters', s);
          return s;
        };
        const needServing = (): QueueTicket => serving ?? (() => { throw new HttpError(409, 'no_ticket', `${counter} 号窗口没有正在办理的号码，请先按「下一位」叫号`); })();
        const update = (t: QueueTicket, patch: Partial<QueueTicket>): QueueTicket => {
          const next = { ...t, ...patch };
          tx.replace('queueTickets', next);
          return next;
        };
        switch (action) {
          case 'next': {
            if (state.paused) throw new HttpError(409, 'counter_paused', `${counter} 号窗口已暂停，请先按「恢复」再叫号`);
            const day = hallDay(now, hall.timezone);
            const waiting = tx.list('queueTickets').filter((t) => t.hallId === hallId && t.day === day && t.status === 'waiting');
            const pick = pickNext({ waiting, services: servicesOfCounter(services, counter), counter, normalSincePriority: state.normalSincePriority });
            if (!pick) throw new HttpError(409, 'queue_empty', `${counter} 号窗口的业务暂无等候的号码，请稍后再按「下一位」`);
            // Pressing 下一位 finishes the ticket at the counter (办结 is implied).
            if (serving) update(serving, { status: 'done', doneAt: at });
            const callId = newId('call');
            const { forCounter: _sentTo, ...rest } = pick;
            const called = update(rest as QueueTicket, { status: 'called', counter, calledAt: at, firstCalledAt: pick.firstCalledAt ?? at, callId });
            const s = save({ ticketId: called.id, normalSincePriority: normalCountAfter(state.normalSincePriority, called) });
            return { counter, paused: s.paused, action, ticket: called, number: called.number, callId, kind: 'call', serviceName: services.find((x) => x.id === called.serviceId)?.name };
          }
          case 'recall': {
            const t = needServing();
            const callId = newId('call');
            const recalled = update(t, { recalls: t.recalls + 1, callId });
            return { counter, paused: state.paused, action, ticket: recalled, number: t.number, callId, kind: 'recall', serviceName: services.find((x) => x.id === t.serviceId)?.name };
          }
          case 'skip': {
            const t = update(needServing(), { status: 'skipped', skippedAt: at });
            const s = save({ ticketId: undefined });
            return { counter, paused: s.paused, action, ticket: t, number: t.number };
          }
          case 'done': {
            const t = update(needServing(), { status: 'done', doneAt: at });
            const s = save({ ticketId: undefined });
            return { counter, paused: s.paused, action, ticket: t, number: t.number };
          }
          case 'transfer': {
            const t = serving;
            const target = tx.get('queueServices', transfer!.serviceId);
            if (!target || target.hallId !== hallId) serviceOr404(tx, hallId, transfer!.serviceId);
            const refusal = transferRefusal(t, target, transfer!.counter);
            if (refusal) throw new HttpError(409, 'transfer_refused', refusal);
            const moved = update(t!, {
              status: 'waiting',
              serviceId: target!.id,
              priority: t!.priority || target!.priority === true,
              counter: undefined,
              calledAt: undefined,
              ...(transfer!.counter !== undefined ? { forCounter: transfer!.counter } : { forCounter: undefined }),
              transfers: [...t!.transfers, { at, from: t!.serviceId, to: target!.id, counter, ...(transfer!.counter !== undefined && { toCounter: transfer!.counter }) }],
            });
            // zod-free records: drop the keys set to undefined so the stored JSON stays clean.
            for (const k of ['counter', 'calledAt', 'forCounter'] as const) if (moved[k] === undefined) delete moved[k];
            const s = save({ ticketId: undefined });
            return { counter, paused: s.paused, action, ticket: moved, number: moved.number };
          }
          case 'pause':
            return { counter, paused: save({ paused: true }).paused, action, ...(serving && { ticket: serving, number: serving.number }) };
          case 'resume':
            return { counter, paused: save({ paused: false }).paused, action, ...(serving && { ticket: serving, number: serving.number }) };
          default: {
            const never: never = action;
            return never;
          }
        }
      });
      const { kind, serviceName, ...out } = result;
      audit.write({ who: actor.name, action: `queue.counter.${action}`, hallId, counter, ticketId: out.ticket?.id, number: out.number });
      let sent: Promise<{ screens: number }> | undefined;
      if (kind && out.ticket && out.callId) {
        // Exactly the path of an outside system's call: screens, strips, board, voice and acks.
        sent = calls.submit({ id: out.callId, ticket: out.ticket.number, counter, hallId, ...(serviceName && { service: serviceName }), kind, actor: actor.name, receivedAt });
      }
      const synced = syncQueueState(hallId, actor);
      if (sent) out.screens = (await sent).screens;
      await synced;
      return out;
    },
  };
}
export type TicketDesk = ReturnType<typeof createTicketDesk>;

/**
 * Services and counters of a hall's own queue (业务与窗口): `/api/halls/:hallId/services` (admin
 * writes; staff, the hall's token and its screens read) and the live overview the counter caller,
 * kiosk and boards poll (`/api/halls/:hallId/own-queue`).
 */
import { Router } from 'express';
import { countersOf, counterId, orderedServices } from '../../content/ticketing';
import { ServiceInput, ServicePatch, type QueueService } from '../../content/ticketing-model';
import { actorName } from '../auth/principal';
import { guard } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { queueActor } from '../ticketing/queue-access';
import { todaysTickets, waitingByService } from '../ticketing/queue-view';
import { parseBody } from '../validate';

/** A prefix is the hall's own: two services with one prefix would hand out the same numbers. */
function checkPrefix(tx: Pick<Transaction, 'list'>, hallId: string, prefix: string, selfId?: string): void {
  const other = tx.list('queueServices').find((s) => s.hallId === hallId && s.prefix === prefix && s.id !== selfId);
  if (other) throw new HttpError(409, 'prefix_taken', `号码前缀 ${prefix} 已被业务「${other.name}」使用，请换一个字母`);
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

export function serviceRoutes(ctx: AppContext): Router {
  const { store, bus, audit, clock } = ctx;
  const router = Router();
  const hallOr404 = (id: string) => store.get('halls', id) ?? (() => { throw notFound('营业厅', id); })();
  const changed = (): void => bus.publish({ type: 'changed', collection: 'halls' });

  router.get('/:hallId/services', (req, res) => {
    const hall = hallOr404(req.params.hallId as string);
    queueActor(req, res, ctx, hall.id, { screens: true });
    res.json(orderedServices(store.list('queueServices').filter((s) => s.hallId === hall.id)));
  });

  router.post('/:hallId/services', async (req, res) => {
    const hallId = req.params.hallId as string;
    guard(res, 'hall.admin', [hallId]);
    const input = parseBody(req, ServiceInput);
    const at = new Date(clock()).toISOString();
    const created = await store.transact((tx) => {
      if (!tx.get('halls', hallId)) throw notFound('营业厅', hallId);
      checkPrefix(tx, hallId, input.prefix);
      const mine = tx.list('queueServices').filter((s) => s.hallId === hallId);
      const service: QueueService = { ...input, counters: unique(input.counters), id: newId('svc'), hallId, order: input.order ?? mine.reduce((m, s) => Math.max(m, s.order + 1), 0), createdAt: at, updatedAt: at };
      return tx.insert('queueServices', service);
    });
    audit.write({ who: actorName(res), action: 'queue.service.create', id: created.id, hallId, prefix: created.prefix });
    changed();
    res.status(201).json(created);
  });

  router.patch('/:hallId/services/:id', async (req, res) => {
    const hallId = req.params.hallId as string;
    guard(res, 'hall.admin', [hallId]);
    const id = req.params.id as string;
    const patch = parseBody(req, ServicePatch);
    const updated = await store.transact((tx) => {
      const s = tx.get('queueServices', id);
      if (!s || s.hallId !== hallId) throw notFound('业务', id);
      if (patch.prefix !== undefined) checkPrefix(tx, hallId, patch.prefix, id);
      const next: QueueService = { ...s, ...patch, ...(patch.counters && { counters: unique(patch.counters) }), updatedAt: new Date(clock()).toISOString() };
      return tx.replace('queueServices', next);
    });
    audit.write({ who: actorName(res), action: 'queue.service.update', id, hallId, fields: Object.keys(req.body as object) });
    changed();
    res.json(updated);
  });

  router.delete('/:hallId/services/:id', async (req, res) => {
    const hall = hallOr404(req.params.hallId as string);
    guard(res, 'hall.admin', [hall.id]);
    const id = req.params.id as string;
    await store.transact((tx) => {
      const s = tx.get('queueServices', id);
      if (!s || s.hallId !== hall.id) throw notFound('业务', id);
      const waiting = todaysTickets(tx, hall, clock()).filter((t) => t.serviceId === id && (t.status === 'waiting' || t.status === 'called')).length;
      if (waiting > 0) throw new HttpError(409, 'service_in_use', `业务「${s.name}」还有 ${waiting} 个号码未办完：请先设为停止取号，叫完后再删除`);
      tx.remove('queueServices', id);
    });
    audit.write({ who: actorName(res), action: 'queue.service.delete', id, hallId: hall.id });
    changed();
    res.status(204).end();
  });

  /** What the counter caller, the kiosk and boards show: waiting per service, every counter's state. */
  router.get('/:hallId/own-queue', (req, res) => {
    const hall = hallOr404(req.params.hallId as string);
    queueActor(req, res, ctx, hall.id, { screens: true });
    const now = clock();
    const services = store.list('queueServices').filter((s) => s.hallId === hall.id);
    const counters = countersOf(services).map((counter) => {
      const state = store.get('queueCounters', counterId(hall.id, counter));
      const ticket = state?.ticketId ? store.get('queueTickets', state.ticketId) : undefined;
      const serving = ticket?.status === 'called' ? { id: ticket.id, number: ticket.number, serviceId: ticket.serviceId, calledAt: ticket.calledAt, recalls: ticket.recalls } : undefined;
      return { counter, paused: state?.paused === true, serviceIds: orderedServices(services.filter((s) => s.counters.includes(counter))).map((s) => s.id), ...(serving && { serving }) };
    });
    res.json({ hallId: hall.id, timezone: hall.timezone, now: new Date(now).toISOString(), services: waitingByService(store, hall, now), counters });
  });

  return router;
}

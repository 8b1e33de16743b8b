/** Halls (营业厅): list for staff, create for admins. */
import { Router } from 'express';
import { HallInput, type Hall } from '../../content/model';
import { actorName, allow } from '../auth/principal';
import type { AppContext } from '../context';
import { newId } from '../ids';
import { parseBody } from '../validate';

export function hallRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  router.get('/', allow(), (_req, res) => {
    res.json(store.list('halls'));
  });
  router.post('/', allow('admin'), async (req, res) => {
    const input = parseBody(req, HallInput);
    const hall: Hall = { id: newId('hall'), name: input.name, timezone: input.timezone ?? 'Asia/Shanghai', createdAt: new Date(clock()).toISOString() };
    await store.transact((tx) => tx.insert('halls', hall));
    audit.write({ who: actorName(res), action: 'hall.create', id: hall.id });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.status(201).json(hall);
  });
  return router;
}

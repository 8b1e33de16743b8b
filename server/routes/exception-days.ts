/**
 * 节假日与例外日期: a hall's own list (`PUT /api/halls/:id/exceptions`, whoever may change that hall's
 * settings) and the district's default list (`GET`/`PUT /api/district/exceptions`, unrestricted admins:
 * it reaches every hall). Each PUT replaces the whole list, stored sorted by date. Every screen of the
 * affected halls gets a new manifest: the lists ride in it, so standby follows them even offline.
 */
import { Router } from 'express';
import { DISTRICT_SETTINGS_ID, ExceptionDaysBody, type ExceptionDay, type Hall } from '../../content/model';
import { actorName } from '../auth/principal';
import { guard, permit } from '../policy/guard';
import type { AppContext } from '../context';
import { notFound } from '../http-error';
import { parseBody } from '../validate';

const byDate = (list: ExceptionDay[]): ExceptionDay[] => [...list].sort((a, b) => a.date.localeCompare(b.date));

export function exceptionDayRoutes(ctx: AppContext): Router {
  const { store, bus, audit } = ctx;
  const router = Router();

  router.put('/halls/:id/exceptions', permit('hall.admin'), async (req, res) => {
    const id = req.params.id as string;
    if (!store.get('halls', id)) throw notFound('营业厅', id);
    guard(res, 'hall.admin', [id]);
    const exceptions = byDate(parseBody(req, ExceptionDaysBody).exceptions);
    const updated = await store.transact((tx) => {
      const hall = tx.get('halls', id);
      if (!hall) throw notFound('营业厅', id);
      const next: Hall = { ...hall, exceptions };
      if (exceptions.length === 0) delete next.exceptions;
      return tx.replace('halls', next);
    });
    audit.write({ who: actorName(res), action: 'hall.exceptions', id, hallId: id, fields: exceptions.map((d) => d.date) });
    bus.publish({ type: 'changed', collection: 'halls' });
    res.json(updated);
  });

  router.get('/district/exceptions', permit('read'), (_req, res) => {
    res.json({ exceptions: store.get('district', DISTRICT_SETTINGS_ID)?.exceptions ?? [] });
  });

  // Every hall's screens follow this list: only those who may change every hall's settings set it.
  router.put('/district/exceptions', permit('hall.admin'), async (req, res) => {
    guard(res, 'hall.admin', 'all');
    const exceptions = byDate(parseBody(req, ExceptionDaysBody).exceptions);
    await store.transact((tx) => {
      const item = { id: DISTRICT_SETTINGS_ID, exceptions } as const;
      if (tx.get('district', DISTRICT_SETTINGS_ID)) tx.replace('district', item);
      else tx.insert('district', item);
    });
    audit.write({ who: actorName(res), action: 'district.exceptions', id: DISTRICT_SETTINGS_ID, fields: exceptions.map((d) => d.date) });
    bus.publish({ type: 'changed', collection: 'district' });
    res.json({ exceptions });
  });
  return router;
}

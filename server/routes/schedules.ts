/** Schedule entries: who (target), what (playlist), when (`when`) and priority. */
import { Router, type Response } from 'express';
import { ScheduleInput, type Schedule } from '../../content/model';
import { actorName } from '../auth/principal';
import { hallsOfContent, hallsOfTarget } from '../policy/object-halls';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { newId } from '../ids';
import type { Transaction } from '../store/store';
import { parseBody } from '../validate';

/** Refuses references to things that do not exist, naming them. */
export function checkTargetRefs(tx: Pick<Transaction, 'get'>, target: { screenIds?: string[]; hallIds?: string[] }): void {
  const screens = (target.screenIds ?? []).filter((id) => !tx.get('screens', id));
  if (screens.length) throw new HttpError(400, 'unknown_screen', `屏幕不存在：${screens.join(', ')}`);
  const halls = (target.hallIds ?? []).filter((id) => !tx.get('halls', id));
  if (halls.length) throw new HttpError(400, 'unknown_hall', `营业厅不存在：${halls.join(', ')}`);
}

export function scheduleRoutes(ctx: AppContext): Router {
  const { store, bus, clock, audit } = ctx;
  const router = Router();
  const check = (tx: Transaction, input: ScheduleInput): void => {
    if (!tx.get('playlists', input.playlistId)) throw new HttpError(400, 'unknown_playlist', `播放列表 ${input.playlistId} 不存在`);
    if (input.layoutId && !tx.get('layouts', input.layoutId)) throw new HttpError(400, 'unknown_layout', `布局 ${input.layoutId} 不存在`);
    checkTargetRefs(tx, input.target);
  };
  const changed = (action: string, id: string, who: string, target?: Schedule['target']) => {
    const halls = target ? hallsOfTarget(store, target) : 'all';
    audit.write({ who, action, id, ...(halls !== 'all' && { hallIds: halls }) });
    bus.publish({ type: 'changed', collection: 'schedules' });
  };

  // A hall-limited user's schedule may only play what they can see, aimed only at their halls.
  const guardWrite = (res: Response, input: ScheduleInput): void => {
    guard(res, 'schedule.write', hallsOfTarget(store, input.target));
    const playlist = store.get('playlists', input.playlistId);
    if (playlist) guard(res, 'read', hallsOfContent(playlist));
    const layout = input.layoutId ? store.get('layouts', input.layoutId) : undefined;
    if (layout) guard(res, 'read', hallsOfContent(layout));
  };
  const existing = (res: Response, id: string): Schedule => {
    const s = store.get('schedules', id);
    if (!s) throw notFound('排期', id);
    guard(res, 'schedule.write', hallsOfTarget(store, s.target));
    return s;
  };

  router.get('/', permit('read'), (_req, res) => {
    const see = seen(res);
    res.json(store.list('schedules').filter((s) => see(hallsOfTarget(store, s.target))));
  });
  router.get('/:id', permit('read'), (req, res) => {
    const s = store.get('schedules', req.params.id as string);
    if (!s) throw notFound('排期', req.params.id as string);
    guard(res, 'read', hallsOfTarget(store, s.target));
    res.json(s);
  });

  router.post('/', permit('schedule.write'), async (req, res) => {
    const input = parseBody(req, ScheduleInput);
    guardWrite(res, input);
    const now = new Date(clock()).toISOString();
    const schedule: Schedule = { id: newId('sch'), ...input, createdAt: now, updatedAt: now };
    await store.transact((tx) => {
      check(tx, input);
      tx.insert('schedules', schedule);
    });
    changed('schedule.create', schedule.id, actorName(res), schedule.target);
    res.status(201).json(schedule);
  });

  router.put('/:id', permit('schedule.write'), async (req, res) => {
    const input = parseBody(req, ScheduleInput);
    const id = req.params.id as string;
    existing(res, id);
    guardWrite(res, input);
    const schedule = await store.transact((tx) => {
      const old = tx.get('schedules', id);
      if (!old) throw notFound('排期', id);
      check(tx, input);
      const { when: _drop, ...rest } = old;
      return tx.replace('schedules', { ...rest, ...input, updatedAt: new Date(clock()).toISOString() });
    });
    changed('schedule.update', id, actorName(res), schedule.target);
    res.json(schedule);
  });

  router.delete('/:id', permit('schedule.write'), async (req, res) => {
    const id = req.params.id as string;
    const old = existing(res, id);
    const removed = await store.transact((tx) => tx.remove('schedules', id));
    if (!removed) throw notFound('排期', id);
    changed('schedule.delete', id, actorName(res), old.target);
    res.status(204).end();
  });
  return router;
}

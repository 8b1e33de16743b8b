/**
 * 服务评价, one rule for both ways in: the phone page (the ticket's public id) and the counter's rating
 * pad (a screen of the counter, the ticket number it asked about). Once per ticket, after 办结, within a
 * window; stored in the same transaction that checks it, so two answers never both count.
 */
import { RATING_WINDOW_MS, type Rating, type QueueTicket } from '../../content/ticketing-model';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import type { Transaction } from '../store/store';

/** Rates the ticket `find` picks inside the transaction; `windowMs` is how long after 办结 it may be rated. */
export async function rateTicket(
  ctx: Pick<AppContext, 'store' | 'clock' | 'audit'>,
  find: (tx: Pick<Transaction, 'get' | 'list'>) => QueueTicket | undefined,
  rating: Rating,
  who: string,
  windowMs = RATING_WINDOW_MS,
): Promise<QueueTicket> {
  const rated = await ctx.store.transact((tx) => {
    const t = find(tx);
    if (!t) throw new HttpError(404, 'not_found', '没有这张号票，或它已过期');
    if (t.status !== 'done' || !t.doneAt) throw new HttpError(409, 'not_done', '业务办结后才能评价');
    if (t.rating) throw new HttpError(409, 'already_rated', '这次服务已经评价过了，谢谢');
    const now = ctx.clock();
    if (now - Date.parse(t.doneAt) > windowMs) throw new HttpError(409, 'rating_closed', '评价时间已过');
    return tx.replace('queueTickets', { ...t, rating, ratedAt: new Date(now).toISOString() });
  });
  ctx.audit.write({ who, action: 'queue.ticket.rate', id: rated.id, hallId: rated.hallId, counter: rated.counter, rating });
  return rated;
}

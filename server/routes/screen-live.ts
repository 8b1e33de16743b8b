/** Live screens: every screen's status (plus refused-frame counters) and remote commands. */
import { Router } from 'express';
import { z } from 'zod';
import { SCREEN_COMMAND_LABELS, ScreenCommand } from '../../content/protocol';
import { actorName } from '../auth/principal';
import { guard, permit, seen } from '../policy/guard';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { parseBody } from '../validate';

const CommandInput = z.object({ command: ScreenCommand });

export function screenLiveRoutes(ctx: AppContext): Router {
  const { store, players, audit } = ctx;
  const router = Router();

  router.get('/status', permit('read'), (_req, res) => {
    const rejected = players.rejections();
    const see = seen(res);
    res.json({
      statuses: store.list('screens').filter((s) => see([s.hallId])).map((s) => ({ ...players.status(s.id), rejectedFrames: rejected.byScreen[s.id] ?? 0 })),
      rejectedFrames: { total: rejected.total, byCode: rejected.byCode },
    });
  });

  router.post('/:id/commands', permit('screen.command'), (req, res) => {
    const { command } = parseBody(req, CommandInput);
    const screen = store.get('screens', req.params.id as string);
    if (!screen) throw notFound('屏幕', req.params.id as string);
    guard(res, 'screen.command', [screen.hallId]);
    if (!players.isConnected(screen.id))
      throw new HttpError(409, 'screen_offline', `屏幕「${screen.name}」当前离线，无法执行「${SCREEN_COMMAND_LABELS[command]}」，请在屏幕上线后重试`);
    const sent = players.command(screen.id, command);
    if (sent.delivered === 0)
      throw new HttpError(409, 'screen_busy', `屏幕「${screen.name}」的连接拥堵，命令未能送达，请稍后重试`);
    audit.write({ who: actorName(res), action: `screen.command.${command}`, id: screen.id, requestId: sent.requestId, hallId: screen.hallId });
    res.status(202).json(sent);
  });

  return router;
}

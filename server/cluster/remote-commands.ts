/**
 * Remote commands (reload, identify, screenshot) to a screen held by another instance: forwarded as a
 * side message over Redis; the instance holding the screen sends it and maps the screen's answer back
 * to the request id the operator got, and every instance tells its editors (`commandDone`).
 */
import type { ScreenCommand } from '../../content/protocol';
import type { RedisBus } from '../bus-redis';
import { newId } from '../ids';
import type { PlayerHub } from '../ws/player-hub';
import type { RemoteStatuses } from './remote-statuses';

/** What a screen answered to a command (as the player hub reports it). */
export type CommandDone = { screenId: string; command: ScreenCommand; requestId?: string; ok: boolean; message?: string };

export function createRemoteCommands(deps: { bus: Pick<RedisBus, 'publishSide' | 'onSide'>; players: PlayerHub; statuses: RemoteStatuses; tellEditors: (done: CommandDone) => void }) {
  const { bus, players, statuses } = deps;
  /** Our hub's request id → the id the operator got on the instance that forwarded the command. */
  const forwarded = new Map<string, string>();
  const unsubscribe = bus.onSide((msg) => {
    if (msg.type === 'command') {
      if (!players.isConnected(msg.screenId)) return;
      const sent = players.command(msg.screenId, msg.command);
      forwarded.set(sent.requestId, msg.requestId);
      if (forwarded.size > 1000) forwarded.delete(forwarded.keys().next().value!);
    } else if (msg.type === 'commandDone') deps.tellEditors(msg.done);
  });
  return {
    /** Held here, or online on another instance. */
    isConnected: (screenId: string): boolean => players.isConnected(screenId) || statuses.status(screenId, players.status(screenId)).online,
    command(screenId: string, command: ScreenCommand): { requestId: string; delivered: number } {
      if (players.isConnected(screenId)) return players.command(screenId, command);
      const requestId = newId('cmd');
      bus.publishSide({ type: 'command', screenId, command, requestId });
      return { requestId, delivered: 1 };
    },
    /** A screen on this instance answered: tell our editors and every other instance's, under the operator's request id. */
    done(done: CommandDone): void {
      const original = done.requestId !== undefined ? forwarded.get(done.requestId) : undefined;
      const shown = original ? { ...done, requestId: original } : done;
      if (original) forwarded.delete(done.requestId!);
      deps.tellEditors(shown);
      bus.publishSide({ type: 'commandDone', done: shown });
    },
    close: () => void unsubscribe(),
  };
}

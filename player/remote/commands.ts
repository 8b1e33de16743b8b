/**
 * Remote commands from the editor (`command` messages): each is answered with `commandDone`, ok or
 * not and why, so the editor can tell staff what happened.
 */
import type { PlayerMessage, ScreenCommand } from '../../content/protocol';

/** What each command does on this screen; each resolves with a short note for the editor. */
export type CommandHandlers = Record<ScreenCommand, () => Promise<string>>;

/** Run `command` and answer it; a failing handler becomes `ok: false` with its message. */
export async function runCommand(
  command: ScreenCommand,
  requestId: string | undefined,
  handlers: CommandHandlers,
  send: (message: PlayerMessage) => boolean,
): Promise<void> {
  const done = (ok: boolean, message: string): void => {
    send({ type: 'commandDone', command, ...(requestId !== undefined && { requestId }), ok, message: message.slice(0, 500) });
  };
  try {
    done(true, await handlers[command]());
  } catch (err) {
    console.warn(`[remote] ${command} failed`, err);
    done(false, err instanceof Error ? err.message : String(err));
  }
}

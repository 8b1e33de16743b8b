/**
 * Kiosk sessions on their way to the server: sent at once when online, else kept (in localStorage
 * when the browser allows, at most MAX_KEPT, oldest dropped) and sent when the connection is back.
 */
import type { KioskSession, PlayerMessage } from '../../content/protocol';

const MAX_KEPT = 200;

/** What the outbox needs of the player's connection. */
export interface SessionLink {
  send(message: PlayerMessage): boolean;
  onStatus(listener: (status: 'online' | 'offline' | 'error') => void): () => void;
}

export class SessionOutbox {
  private kept: KioskSession[];

  constructor(
    private readonly link: SessionLink,
    private readonly storage: Storage | null,
    private readonly key: string,
  ) {
    this.kept = this.load();
    link.onStatus((s) => s === 'online' && this.flush());
  }

  /** Send `session` now, or keep it for the next connection (behind older ones, in order). */
  send(session: KioskSession): void {
    if (this.kept.length === 0 && this.link.send({ type: 'kioskSession', session })) return;
    this.push(session);
  }

  /**
   * Keep `session` in storage without trying the socket: the page is about to reload, and a message
   * still in the socket's buffer would go with it. The next connection sends it. Without storage
   * the socket is the only chance.
   */
  keep(session: KioskSession): void {
    if (this.storage) this.push(session);
    else this.send(session);
  }

  private push(session: KioskSession): void {
    this.kept.push(session);
    if (this.kept.length > MAX_KEPT) this.kept.splice(0, this.kept.length - MAX_KEPT);
    this.save();
  }

  private flush(): void {
    while (this.kept.length > 0 && this.link.send({ type: 'kioskSession', session: this.kept[0]! })) this.kept.shift();
    this.save();
  }

  private load(): KioskSession[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const list: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? (list as KioskSession[]).slice(-MAX_KEPT) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      if (this.kept.length === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, JSON.stringify(this.kept));
    } catch {
      // Storage full or refused: the sessions stay in memory until the page goes.
    }
  }
}

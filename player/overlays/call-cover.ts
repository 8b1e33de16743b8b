/**
 * The call layer under a 全屏接管 emergency: the takeover hides every call, so the aria-live `call`
 * element (contract: the call being announced *while it is on screen*) must not keep or take a call,
 * and no call may be acked as shown while it is hidden. This gate sits between the call layer and
 * the player: while covered it reports no spotlight and holds the "visible" reports; when the
 * takeover ends it reports the spotlight again and releases the held calls still drawn. Pure: no
 * pixi, no DOM.
 */
import type { QueueCall } from '../../content/model';
import { callKey } from '../queue/call-key';

/** At most this many calls are held under one takeover (a long evacuation with a busy hall). */
const HELD_LIMIT = 500;

/** Where the gate reports to (the player's mirror/kiosk and its acks). */
export interface CallCoverOutput {
  spotlight(call: QueueCall | null): void;
  visible(call: QueueCall): void;
}

/** Holds spotlight and visibility reports while a fullscreen takeover covers the calls. */
export class CallCover {
  private coveredNow = false;
  private current: QueueCall | null = null;
  private readonly held = new Map<string, QueueCall>();

  constructor(private readonly out: CallCoverOutput) {}

  /** Whether a takeover covers the calls now. */
  get covered(): boolean {
    return this.coveredNow;
  }

  /** The spotlight changed (null: none): passed on unless covered. */
  spotlight(call: QueueCall | null): void {
    this.current = call;
    if (!this.coveredNow) this.out.spotlight(call);
  }

  /** A call is drawn: reported now, or held until the takeover ends. */
  visible(call: QueueCall): void {
    if (!this.coveredNow) return this.out.visible(call);
    this.held.set(callKey(call), call);
    if (this.held.size > HELD_LIMIT) this.held.delete(this.held.keys().next().value!);
  }

  /**
   * A takeover starts (true) or ends (false). Starting clears the spotlight report at once; ending
   * reports the spotlight again and the held calls for which `stillDrawn` says they are on screen
   * (the others came and went unseen, so they are never acked as shown).
   */
  setCovered(covered: boolean, stillDrawn: (call: QueueCall) => boolean): void {
    if (covered === this.coveredNow) return;
    this.coveredNow = covered;
    if (covered) return this.out.spotlight(null);
    this.out.spotlight(this.current);
    const held = [...this.held.values()];
    this.held.clear();
    for (const call of held) if (stillDrawn(call)) this.out.visible(call);
  }
}

/**
 * Manifests to player sockets: on hello, on the heartbeat after a skipped send, and in one pass over
 * every connected screen after store changes (debounced, in slices). Apart from the hub because it is
 * the content path (store → manifest → socket), while the hub is the socket lifecycle and the live path;
 * the pass also closes sockets whose screen is gone or whose key no longer holds.
 */
import { CloseCode, type Manifest, type ServerMessage } from '../../content/protocol';
import type { Screen } from '../../content/model';
import { buildManifest, manifestFor } from '../manifest';
import type { StoreReader } from '../store/store';
import type { Conn } from './player-conn';

/** Slide ids remembered per socket from the manifests it was sent (a backlog may name a slide since removed). */
const MAX_KNOWN_SLIDES = 5000;
/** Edits within this window are one manifest pass. */
const PASS_DEBOUNCE_MS = 20;

/** Whether the credential a socket said hello with still holds (key rotated, device revoked). */
const stillValid = (conn: Conn, screen: Screen): boolean => {
  const c = conn.credential;
  if (!c) return false;
  return c.kind === 'provisioning' ? c.generation === screen.keyGeneration : (screen.devices ?? []).some((d) => d.id === c.deviceId);
};

export function createManifestPush(deps: {
  store: StoreReader;
  clock: () => number;
  sendMsg: (conn: Conn, msg: ServerMessage) => boolean;
  /** The open sockets of each connected screen, at the start of a pass. */
  screenConns: () => Iterable<[string, Set<Conn>]>;
  /** A pass found the screen in another hall than the socket joined. */
  onHallMoved: (conn: Conn, screen: Screen) => void;
  sliceSize: number;
}) {
  const { store, clock } = deps;
  let debounce: NodeJS.Timeout | undefined;

  /** Sends the screen's manifest if it changed; `stored` saves a lookup when the caller has the screen. */
  const push = (conn: Conn, stored?: Screen): void => {
    if (!conn.screenId) return;
    let manifest: Manifest | undefined;
    if (stored) {
      const { keyGeneration: _k, devices: _d, ...screen } = stored;
      manifest = manifestFor(store, screen, clock());
    } else manifest = buildManifest(store, conn.screenId, clock());
    if (!manifest) return void conn.ws.close(CloseCode.SCREEN_GONE, 'screen deleted');
    if (conn.slideIds.size > MAX_KNOWN_SLIDES) conn.slideIds.clear();
    for (const s of manifest.slides) conn.slideIds.add(s.id);
    if (manifest.version === conn.manifestVersion) return;
    // Version is recorded only when the frame went out, so a skipped send is retried on the next tick.
    const sent = deps.sendMsg(conn, { type: 'manifest', manifest });
    conn.manifestPending = !sent;
    if (sent) conn.manifestVersion = manifest.version;
  };

  const pass = (): void => {
    debounce = undefined;
    // One map per pass (not a lookup per screen) and slices, so an edit in a district of thousands
    // of screens never holds the loop while a call is waiting to go out.
    const screens = new Map(store.list('screens').map((s) => [s.id, s]));
    const entries = [...deps.screenConns()];
    let at = 0;
    const slice = (): void => {
      for (const end = Math.min(entries.length, at + deps.sliceSize); at < end; at++) {
        const [id, set] = entries[at]!;
        const screen = screens.get(id);
        for (const conn of set) {
          if (!screen) conn.ws.close(CloseCode.SCREEN_GONE, 'screen deleted');
          else if (!stillValid(conn, screen)) conn.ws.close(CloseCode.BAD_KEY, 'key revoked');
          else {
            push(conn, screen);
            if (screen.hallId !== conn.hallId) deps.onHallMoved(conn, screen);
          }
        }
      }
      if (at < entries.length) setImmediate(slice);
    };
    slice();
  };

  return {
    push,
    /** The store changed: a burst of edits is coalesced into one pass. */
    changed(): void {
      debounce ??= setTimeout(pass, PASS_DEBOUNCE_MS);
    },
    stop(): void {
      clearTimeout(debounce);
    },
  };
}

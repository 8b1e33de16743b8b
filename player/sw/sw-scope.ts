/**
 * The few service-worker types we use. The player's tsconfig has the DOM library, whose `self` is a
 * Window; the WebWorker library cannot sit beside it, so the worker declares what it touches.
 */

/** `install` / `activate`. */
export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

/** `fetch`. */
export interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

/** `message`, with the reply port the page handed over. */
export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}

/** The worker's global scope, as far as we use it. */
export interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

/** `self`, typed as the worker it is. */
export const scope = globalThis as unknown as ServiceWorkerScope;

/** Reloads that may be asked for faster than they finish (polls, pushed acks, a button). */

/**
 * Wraps `run` so only one runs at a time; calls made meanwhile collapse into one more run right after,
 * so the last caller always sees data fetched after its call.
 */
export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const go = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = run().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void go();
      }
    });
    return running;
  };
  return go;
}

/**
 * WebGL context loss: pixi restores textures and text when the browser gives the context back, but a
 * driver reset or a starved GPU may never give it back. A screen must not sit dark: reload if no
 * `webglcontextrestored` follows within the grace period.
 */

/** How long to wait for the browser to restore a lost context. */
export const CONTEXT_RESTORE_GRACE_MS = 10_000;

/**
 * Watch `canvas`: `reload` runs when a lost context is not restored in time, `restored` when it comes
 * back (the screen must then be drawn again). Returns a stop function.
 */
export function watchContextLoss(
  canvas: HTMLCanvasElement,
  handlers: { reload(): void; restored(): void },
  graceMs = CONTEXT_RESTORE_GRACE_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lost = (): void => {
    console.warn(`[gl] WebGL context lost; reloading unless restored within ${graceMs} ms`);
    clearTimeout(timer);
    timer = setTimeout(() => handlers.reload(), graceMs);
  };
  const restored = (): void => {
    console.info('[gl] WebGL context restored');
    clearTimeout(timer);
    handlers.restored();
  };
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', restored);
  return () => {
    clearTimeout(timer);
    canvas.removeEventListener('webglcontextlost', lost);
    canvas.removeEventListener('webglcontextrestored', restored);
  };
}

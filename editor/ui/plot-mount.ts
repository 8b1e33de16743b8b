/**
 * Puts a uPlot chart into `el` once it is attached (so it takes the card's real width) and keeps it as
 * wide as its card. Shared by the report charts; imported only from lazily loaded chart modules, so
 * uPlot stays out of the main editor bundle.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export function mountPlot(
  el: HTMLElement,
  opts: Omit<uPlot.Options, 'width'>,
  data: uPlot.AlignedData,
  size: { minWidth: number; height: number },
): { destroy(): void } {
  const width = (): number => Math.max(size.minWidth, el.clientWidth);
  let plot: uPlot | undefined;
  const frame = requestAnimationFrame(() => {
    plot = new uPlot({ ...opts, width: width() } as uPlot.Options, data, el);
  });
  const resize = new ResizeObserver(() => {
    if (plot && el.clientWidth > 0) plot.setSize({ width: width(), height: size.height });
  });
  resize.observe(el);
  return {
    destroy() {
      cancelAnimationFrame(frame);
      resize.disconnect();
      plot?.destroy();
    },
  };
}

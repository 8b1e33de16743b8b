/** Small inline SVG icons, for glyphs that system fonts may lack (a kiosk PC without an emoji font). */

const SVG = 'http://www.w3.org/2000/svg';

function svg(viewBox: string, paths: readonly string[], attrs: Record<string, string>): SVGSVGElement {
  const el = document.createElementNS(SVG, 'svg');
  el.setAttribute('viewBox', viewBox);
  el.setAttribute('width', '16');
  el.setAttribute('height', '16');
  el.setAttribute('fill', 'none');
  el.setAttribute('stroke', 'currentColor');
  el.setAttribute('stroke-width', '2');
  el.setAttribute('stroke-linecap', 'round');
  el.setAttribute('stroke-linejoin', 'round');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const d of paths) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    el.append(p);
  }
  return el;
}

/** A loudspeaker with sound waves (播报屏). `label` is announced; without it the icon is decorative. */
export function speakerIcon(attrs: Record<string, string> = {}): SVGSVGElement {
  return svg('0 0 24 24', ['M11 5 6 9H2v6h4l5 4V5z', 'M15.5 8.5a5 5 0 0 1 0 7', 'M19 5a10 10 0 0 1 0 14'], attrs);
}

/** A bell (设备告警). */
export function bellIcon(attrs: Record<string, string> = {}): SVGSVGElement {
  return svg('0 0 24 24', ['M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'], attrs);
}

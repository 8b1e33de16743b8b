/**
 * Ticker text passes review like slides do: a layout's ticker zone plays the text a reviewer approved
 * for that zone (`approvedTickers[zone.id]`), so an edit waits for review while the approved text keeps
 * crawling; a zone with no approved text is left out of the screen's layout. The products' built-in
 * ticker text (the templates') counts as reviewed: it ships with the product, not typed by staff.
 */
import type { Layout, TickerApproval, Zone } from './layout-model';
import { DEFAULT_TICKER_TEXT } from './layout-templates';

/** Texts that need no review (shipped with the product). */
const BUILT_IN = new Set([DEFAULT_TICKER_TEXT]);

/** The text a ticker zone may show on screens, or undefined when none of it was reviewed. */
export function tickerTextOnAir(zone: Zone, approved: Layout['approvedTickers']): string | undefined {
  if (zone.content.type !== 'ticker') return undefined;
  const ok = approved?.[zone.id];
  if (ok) return ok.text;
  return BUILT_IN.has(zone.content.text) ? zone.content.text : undefined;
}

/** The layout as screens get it: reviewed ticker text only, unreviewed ticker zones left out, no approval records. */
export function layoutOnAir(layout: Layout): Layout {
  const { approvedTickers, ...rest } = layout;
  const zones = layout.zones.flatMap((zone): Zone[] => {
    if (zone.content.type !== 'ticker') return [zone];
    const text = tickerTextOnAir(zone, approvedTickers);
    return text === undefined ? [] : [{ ...zone, content: { ...zone.content, text } }];
  });
  return { ...rest, zones };
}

/** Ticker zones whose current text is not what screens show (waiting for review). */
export function pendingTickers(layout: Layout): { zone: Zone; text: string; onAir?: string }[] {
  return layout.zones.flatMap((zone) => {
    if (zone.content.type !== 'ticker') return [];
    const onAir = tickerTextOnAir(zone, layout.approvedTickers);
    return onAir === zone.content.text ? [] : [{ zone, text: zone.content.text, ...(onAir !== undefined && { onAir }) }];
  });
}

/** Approvals for every ticker zone's current text (what 审核通过 records). */
export function approveTickers(layout: Layout, who: Omit<TickerApproval, 'text'>): NonNullable<Layout['approvedTickers']> {
  const out: NonNullable<Layout['approvedTickers']> = {};
  for (const zone of layout.zones) if (zone.content.type === 'ticker') out[zone.id] = { text: zone.content.text, ...who };
  return out;
}

/**
 * 缴费渠道: one card per channel (网上国网 App, 微信, 支付宝, 营业厅…) with its hint and, when it
 * has a URL, a QR code to scan. Cards flow into a grid that suits landscape and portrait alike.
 */
import { Container, Graphics, Sprite, type Text, type Texture } from 'pixi.js';
import type { SlideOf } from '../../content/model';
import { FramedSlide, type Box } from './framed-slide';
import { qrTexture } from './qr-texture';
import { fitText } from './text-fit';
import { COLORS, makeText } from './theme';

interface Card {
  root: Container;
  frame: Graphics;
  name: Text;
  hint: Text;
  qr: Sprite | null;
}

/** The grid shape for `n` cards in a box of this aspect. */
function gridFor(n: number, portrait: boolean): { cols: number; rows: number } {
  const cols = portrait ? (n <= 3 ? 1 : 2) : n <= 4 ? n : Math.ceil(n / 2);
  return { cols, rows: Math.ceil(n / cols) };
}

/** Payment channels as cards, with QR codes where a URL is given. */
export class PayChannelsSlide extends FramedSlide<SlideOf<'payChannels'>> {
  private readonly cards: Card[] = [];
  private readonly textures: Texture[] = [];

  protected async buildBody(): Promise<void> {
    for (const channel of this.slide.channels) {
      const root = new Container();
      const frame = new Graphics();
      const name = makeText({ fill: COLORS.teal, fontWeight: 'bold', align: 'center' });
      const hint = makeText({ fill: COLORS.inkMuted, align: 'center' });
      root.addChild(frame, name, hint);
      let qr: Sprite | null = null;
      if (channel.url) {
        try {
          const texture = await qrTexture(channel.url);
          this.textures.push(texture);
          qr = new Sprite(texture);
          root.addChild(qr);
        } catch (err) {
          // A code that cannot be drawn (URL too long) leaves the card without it, not the slide blank.
          console.warn('[slide:payChannels] QR code failed', channel.url, err);
        }
      }
      this.cards.push({ root, frame, name, hint, qr });
      this.body.addChild(root);
    }
  }

  protected override stripText(): string {
    return `${this.slide.title}：${this.slide.channels.map((c) => (c.hint ? `${c.name}（${c.hint}）` : c.name)).join('　')}`;
  }

  protected layoutBody(box: Box, u: number, portrait: boolean): void {
    const { cols, rows } = gridFor(this.cards.length, portrait);
    const gap = u * 0.6;
    const cardW = (box.width - gap * (cols - 1)) / cols;
    // Cards with QR codes need height for the code; text-only cards stay compact.
    const anyQr = this.cards.some((c) => c.qr !== null);
    const cardH = Math.min((box.height - gap * (rows - 1)) / rows, cardW * (anyQr ? 1.4 : 0.75));
    const top = box.y + (box.height - (cardH * rows + gap * (rows - 1))) / 2;
    this.cards.forEach((card, i) => {
      const channel = this.slide.channels[i]!;
      const col = i % cols;
      const row = Math.floor(i / cols);
      // The last row is centred when it is not full.
      const inRow = row === rows - 1 ? this.cards.length - row * cols : cols;
      const rowLeft = box.x + (box.width - (cardW * inRow + gap * (inRow - 1))) / 2;
      card.root.position.set(Math.round(rowLeft + col * (cardW + gap)), Math.round(top + row * (cardH + gap)));
      card.frame.clear().roundRect(0, 0, cardW, cardH, u * 0.3).fill(COLORS.card).stroke({ width: 2, color: COLORS.line });
      card.frame.rect(0, 0, cardW, Math.max(4, u * 0.14)).fill(COLORS.teal);
      const pad = u * 0.5;
      const inner = cardW - 2 * pad;
      // Side by side when the card is wide (portrait lists), stacked when it is tall.
      const sideBySide = card.qr !== null && cardW > cardH * 1.6;
      const qrSize = card.qr ? (sideBySide ? Math.min(cardH - 2 * pad, cardW * 0.35) : Math.min(inner, (cardH - 2 * pad) * 0.55)) : 0;
      const textLeft = sideBySide ? pad * 2 + qrSize : pad;
      const textW = sideBySide ? cardW - textLeft - pad : inner;
      const textTop = sideBySide || !card.qr ? pad : pad + qrSize + u * 0.3;
      const textH = cardH - textTop - pad;
      const nameFit = fitText(card.name, channel.name, { width: textW, height: textH * 0.45 }, { maxFontSize: u * 1.0, minFontSize: u * 0.35, maxLines: 2, lineHeight: 1.2, balance: true });
      const hintFit = channel.hint
        ? fitText(card.hint, channel.hint, { width: textW, height: textH - nameFit.height - u * 0.2 }, { maxFontSize: u * 0.6, minFontSize: u * 0.3, maxLines: 3, balance: true })
        : null;
      card.hint.visible = hintFit !== null;
      const blockH = nameFit.height + (hintFit ? u * 0.2 + hintFit.height : 0);
      const blockTop = textTop + Math.max(0, (textH - blockH) / 2);
      card.name.position.set(Math.round(textLeft + (textW - nameFit.width) / 2), Math.round(blockTop));
      card.hint.position.set(Math.round(textLeft + (textW - (hintFit?.width ?? 0)) / 2), Math.round(blockTop + nameFit.height + u * 0.2));
      if (card.qr) {
        card.qr.setSize(qrSize, qrSize);
        card.qr.position.set(Math.round(sideBySide ? pad : (cardW - qrSize) / 2), Math.round(sideBySide ? (cardH - qrSize) / 2 : pad));
      }
    });
  }

  override destroy(): void {
    super.destroy();
    for (const texture of this.textures) texture.destroy(true);
    this.textures.length = 0;
  }
}

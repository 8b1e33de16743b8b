/**
 * The board's column of lists (beside the card when wide, under it when tall): the per-counter grid
 * (窗口状态) and the history of recent calls (最近叫号), with their pooled cells and rows. Apart from
 * the board because it is the part whose size follows the hall (20 counters, ten rows) and whose pools
 * must shrink with it; the board keeps the header, the card and the waiting line.
 */
import type { Container, Graphics, Text } from 'pixi.js';
import type { QueueCall } from '../../content/model';
import type { CounterStatus } from '../../content/queue';
import { formatTime } from '../slides/clock-format';
import { fitText } from '../slides/text-fit';
import { COLORS, makeText } from '../slides/theme';
import type { BoardData } from './queue-board';

/** What is fresh (a new call's card frame, row and counter cell) is marked in this colour. */
export const FRESH = COLORS.yellow;
const MAX_HISTORY_ROWS = 10;
const CELL_IDLE = 0x0d5a50;
const STATE_LABEL: Record<CounterStatus['state'], string> = { idle: '空闲', serving: '', paused: '暂停服务', closed: '已关闭' };
const STATE_FILL: Record<CounterStatus['state'], number> = { idle: CELL_IDLE, serving: COLORS.teal, paused: COLORS.amber, closed: 0x4a4f4e };

interface Row {
  ticket: Text;
  counter: Text;
  time: Text;
}
interface Cell {
  name: Text;
  value: Text;
}

export class BoardLists {
  private readonly countersTitle = makeText({ fill: 0xbfe0d9, fontWeight: 'bold' });
  private readonly historyTitle = makeText({ fill: 0xbfe0d9, fontWeight: 'bold' });
  private readonly rows: Row[] = [];
  private readonly cells: Cell[] = [];
  private data!: BoardData;

  /** `texts` holds every text of the board; cells and rows are filled into `marks`, drawn under them. */
  constructor(
    private readonly texts: Container,
    private readonly marks: Graphics,
    private readonly timeZone: () => string,
  ) {
    texts.addChild(this.countersTitle, this.historyTitle);
  }

  /** Counter grid on top, history below, in one column box. */
  layout(data: BoardData, x: number, y: number, w: number, h: number, u: number): void {
    this.data = data;
    const titleH = Math.round(u * 0.95);
    const counters = this.data.counters;
    const cols = Math.max(1, Math.min(counters.length, Math.max(w / (u * 3.4) >= 4 ? 4 : 3, Math.ceil(counters.length / 3))));
    const gridRows = Math.ceil(counters.length / cols);
    const cellGap = Math.round(u * 0.2);
    const cellH = Math.round(u * 1.6);
    const gridH = counters.length ? titleH + gridRows * cellH + (gridRows - 1) * cellGap : 0;
    let cy = y;
    this.countersTitle.visible = counters.length > 0;
    if (counters.length) {
      this.sectionTitle(this.countersTitle, '窗口状态', x, cy, w, titleH, u);
      cy += titleH;
      const cellW = (w - (cols - 1) * cellGap) / cols;
      counters.forEach((status, i) => {
        const cx = x + (i % cols) * (cellW + cellGap);
        const ry = cy + Math.floor(i / cols) * (cellH + cellGap);
        this.layoutCell(this.cell(i), status, cx, ry, cellW, cellH, u);
      });
      cy = y + gridH + Math.round(u * 0.45);
    }
    this.trimCells(counters.length);

    // History: as many rows as fit, at most ten; the card already shows the newest.
    const rowH = Math.round(u * 1.0);
    const rowGap = Math.max(1, Math.round(u * 0.08));
    const room = y + h - cy - titleH;
    const history = this.data.history.filter((c) => c.id !== this.data.current?.id);
    const count = Math.max(0, Math.min(MAX_HISTORY_ROWS, history.length, Math.floor((room + rowGap) / (rowH + rowGap))));
    this.historyTitle.visible = room >= rowH;
    if (this.historyTitle.visible) this.sectionTitle(this.historyTitle, history.length ? '最近叫号' : '最近叫号　暂无', x, cy, w, titleH, u);
    cy += titleH;
    for (let i = 0; i < count; i++) this.layoutRow(this.row(i), history[i]!, x, cy + i * (rowH + rowGap), w, rowH, u, i);
    this.trimRows(count);
  }

  private sectionTitle(text: Text, content: string, x: number, y: number, w: number, h: number, u: number): void {
    const fit = fitText(text, content, { width: w, height: h }, { maxFontSize: u * 0.62, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    text.position.set(Math.round(x), Math.round(y + (h - fit.height) / 2 - u * 0.05));
  }

  private layoutCell(cell: Cell, status: CounterStatus, x: number, y: number, w: number, h: number, u: number): void {
    const fresh = status.state === 'serving' && status.callId !== undefined && this.data.fresh.has(status.callId);
    this.marks.roundRect(x, y, w, h, Math.round(u * 0.18)).fill(fresh ? FRESH : STATE_FILL[status.state]);
    const serving = status.state === 'serving' && status.ticket;
    const dark = fresh ? COLORS.ink : COLORS.white;
    cell.name.style.fill = fresh ? COLORS.ink : 0xd6ede8;
    cell.value.style.fill = dark;
    const name = fitText(cell.name, `${status.counter} 号窗口`, { width: w - u * 0.3, height: h * 0.4 }, { maxFontSize: u * 0.48, minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    const valueText = serving ? status.ticket!.toUpperCase() : STATE_LABEL[status.state] || '空闲';
    const value = fitText(cell.value, valueText, { width: w - u * 0.3, height: h * 0.55 }, { maxFontSize: u * (serving ? 0.85 : 0.6), minFontSize: 8, maxLines: 1, lineHeight: 1.1 });
    const block = name.height + value.height;
    const top = y + (h - block) / 2;
    cell.name.position.set(Math.round(x + (w - name.width) / 2), Math.round(top));
    cell.value.position.set(Math.round(x + (w - value.width) / 2), Math.round(top + name.height));
    cell.name.visible = cell.value.visible = true;
  }

  private layoutRow(row: Row, call: QueueCall, x: number, y: number, w: number, h: number, u: number, index: number): void {
    const fresh = this.data.fresh.has(call.id);
    this.marks.roundRect(x, y, w, h, Math.round(u * 0.12)).fill(fresh ? FRESH : index % 2 === 0 ? 0x0b4f46 : 0x084840);
    const ink = fresh ? COLORS.ink : COLORS.white;
    row.ticket.style.fill = fresh ? COLORS.red : COLORS.yellow;
    row.counter.style.fill = ink;
    row.time.style.fill = fresh ? COLORS.ink : 0xa9cfc7;
    const size = { maxFontSize: u * 0.66, minFontSize: 8, maxLines: 1, lineHeight: 1.1 };
    const pad = u * 0.45;
    const t = fitText(row.ticket, call.ticket.toUpperCase(), { width: w * 0.3, height: h * 0.9 }, size);
    const time = fitText(row.time, formatTime(Date.parse(call.createdAt), this.timeZone()), { width: w * 0.22, height: h * 0.9 }, { ...size, maxFontSize: u * 0.5 });
    const c = fitText(row.counter, `请到 ${call.counter} 号窗口`, { width: w - t.width - time.width - 4 * pad, height: h * 0.9 }, size);
    row.ticket.position.set(Math.round(x + pad), Math.round(y + (h - t.height) / 2));
    row.counter.position.set(Math.round(x + pad * 2 + Math.max(t.width, w * 0.24)), Math.round(y + (h - c.height) / 2));
    row.time.position.set(Math.round(x + w - pad - time.width), Math.round(y + (h - time.height) / 2));
    row.ticket.visible = row.counter.visible = row.time.visible = true;
  }

  private row(i: number): Row {
    while (this.rows.length <= i) {
      const row = { ticket: makeText({ fontWeight: 'bold' }), counter: makeText({ fontWeight: 'bold' }), time: makeText() };
      this.texts.addChild(row.ticket, row.counter, row.time);
      this.rows.push(row);
    }
    return this.rows[i]!;
  }

  private cell(i: number): Cell {
    while (this.cells.length <= i) {
      const cell = { name: makeText(), value: makeText({ fontWeight: 'bold' }) };
      this.texts.addChild(cell.name, cell.value);
      this.cells.push(cell);
    }
    return this.cells[i]!;
  }

  /** Free pooled texts beyond `count` (a hall that shrank from 20 counters to 4 keeps no ghosts). */
  private trimCells(count: number): void {
    for (const cell of this.cells.splice(count)) {
      cell.name.destroy();
      cell.value.destroy();
    }
  }

  private trimRows(count: number): void {
    for (const row of this.rows.splice(count)) {
      row.ticket.destroy();
      row.counter.destroy();
      row.time.destroy();
    }
  }
}

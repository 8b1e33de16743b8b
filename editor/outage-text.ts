/**
 * A structured 停电通知 in words: the title and body an emergency override carries when an outage
 * notice is sent as a takeover instead of a scheduled slide.
 */

/** The fields of the 停电通知 form (times as ISO instants). */
export interface OutageFacts { region: string; start: string; end: string; reason: string; contact: string }

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getMonth() + 1}月${d.getDate()}日`;
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** "11月27日 08:00至17:30", or with both dates when the outage crosses midnight (browser time zone). */
export function outageSpan(startIso: string, endIso: string): string {
  const s = new Date(startIso);
  const e = new Date(endIso);
  const sameDay = s.toDateString() === e.toDateString();
  return `${day(s)} ${clock(s)}至${sameDay ? '' : `${day(e)} `}${clock(e)}`;
}

/** Title and body in Chinese, e.g. "因线路检修，11月27日 08:00至17:30，城东片区停电。…". */
export function composeOutageNotice(f: OutageFacts): { title: string; body: string } {
  const reason = f.reason.trim().replace(/[，。,.\s]+$/, '');
  const contact = f.contact.trim() || '95598';
  const sentence = `${reason ? `因${reason}，` : ''}${outageSpan(f.start, f.end)}，${f.region.trim()}停电。`;
  return {
    title: '停电通知',
    body: `${sentence}停电期间本营业厅部分业务暂停办理，给您带来不便，敬请谅解。咨询电话：${contact}。`,
  };
}

/**
 * A structured 停电通知 in words: the title and body an emergency override carries when an outage
 * notice is sent as a takeover instead of a scheduled slide.
 */

import { formatWallClock } from '../../content/wall-clock';
import { districtZone } from '../time/hall-time';

/** The fields of the 停电通知 form (times as ISO instants). */
export interface OutageFacts { region: string; start: string; end: string; reason: string; contact: string }

/**
 * "11月27日 08:00至17:30", or with both dates when the outage crosses midnight: on the hall's clock
 * (the notice is read in the hall), not the browser's.
 */
export function outageSpan(startIso: string, endIso: string, timeZone: string = districtZone()): string {
  const [sDate = '', sTime = ''] = formatWallClock(Date.parse(startIso), timeZone).split(' ');
  const [eDate = '', eTime = ''] = formatWallClock(Date.parse(endIso), timeZone).split(' ');
  const day = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return `${day(sDate)} ${sTime}至${sDate === eDate ? '' : `${day(eDate)} `}${eTime}`;
}

/** Title and body in Chinese, e.g. "因线路检修，11月27日 08:00至17:30，城东片区停电。…". */
export function composeOutageNotice(f: OutageFacts, timeZone: string = districtZone()): { title: string; body: string } {
  const reason = f.reason.trim().replace(/[，。,.\s]+$/, '');
  const contact = f.contact.trim() || '95598';
  const sentence = `${reason ? `因${reason}，` : ''}${outageSpan(f.start, f.end, timeZone)}，${f.region.trim()}停电。`;
  return {
    title: '停电通知',
    body: `${sentence}停电期间本营业厅部分业务暂停办理，给您带来不便，敬请谅解。咨询电话：${contact}。`,
  };
}

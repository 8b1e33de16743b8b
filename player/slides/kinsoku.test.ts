import { describe, expect, it } from 'vitest';
import { breakLines, cannotEndLine, cannotStartLine, NO_LINE_START, tokenize } from './kinsoku';

/** A fixed-width font: every character is 10 px wide. */
const mono = (s: string): number => [...s].length * 10;

describe('breakLines', () => {
  it('never starts a line with closing punctuation, carrying the previous character down', () => {
    // 5 characters fit; the 6th is "，" which may not start the next line.
    const lines = breakLines('请您到窗口，办理业务。', 50, mono);
    expect(lines).toEqual(['请您到窗', '口，办理业', '务。']);
    for (const line of lines) expect(cannotStartLine(line)).toBe(false);
  });

  it('holds for every closing mark the rule names', () => {
    for (const mark of '，。、；：？！）」』') {
      expect(NO_LINE_START.has(mark)).toBe(true);
      const lines = breakLines(`一二三四${mark}五六七八`, 40, mono);
      for (const line of lines.slice(1)) expect(line.startsWith(mark)).toBe(false);
      expect(lines.join('')).toBe(`一二三四${mark}五六七八`);
    }
  });

  it('keeps a closing quote followed by a full stop off the start of a line', () => {
    const lines = breakLines('请拨打「95598」。谢谢', 90, mono);
    for (const line of lines) expect(cannotStartLine(line)).toBe(false);
    expect(lines.join('')).toBe('请拨打「95598」。谢谢');
  });

  it('never ends a line with an opening bracket', () => {
    const lines = breakLines('一二三（四五六）七八', 40, mono);
    for (const line of lines) expect(cannotEndLine(line)).toBe(false);
    expect(lines.join('')).toBe('一二三（四五六）七八');
  });

  it('keeps ticket numbers and phone numbers whole', () => {
    const lines = breakLines('请 A023 号到 3 号窗口办理', 60, mono);
    expect(lines.some((l) => l.includes('A023'))).toBe(true);
    expect(tokenize('热线95598')).toEqual(['热', '线', '95598']);
  });

  it('looks through spaces: a middle dot never starts a line', () => {
    const lines = breakLines('人民电业为人民 · 竭诚为您服务', 75, mono);
    for (const line of lines) expect(cannotStartLine(line)).toBe(false);
  });

  it('never starts a line with a range dash', () => {
    const lines = breakLines('幸福小区1—12栋', 50, mono);
    for (const line of lines.slice(1)) expect(line.startsWith('—')).toBe(false);
  });

  it('keeps a number with its date unit', () => {
    expect(tokenize('2026年12月1日起')).toEqual(['2026年', '12月', '1日', '起']);
  });

  it('splits a word wider than the line into pieces that fit', () => {
    const lines = breakLines('https://example.cn/pay', 50, mono);
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(50);
    expect(lines.join('')).toBe('https://example.cn/pay');
  });

  it('keeps hard line breaks and fits every line', () => {
    const lines = breakLines('第一行\n第二行内容较长需要换行', 60, mono);
    expect(lines[0]).toBe('第一行');
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(60);
  });

  it('drops spaces at the start of wrapped lines', () => {
    const lines = breakLines('aaa bbb ccc', 35, mono);
    expect(lines).toEqual(['aaa', 'bbb', 'ccc']);
  });

  it('breaks anyway when a line is nothing but forbidden marks', () => {
    const lines = breakLines('。。。。。。', 30, mono);
    expect(lines.join('')).toBe('。。。。。。');
  });
});

import { describe, expect, it } from 'vitest';
import { SlideInput } from '../../content/model';
import { SLIDE_TEMPLATES, templateBlanks } from './slide-templates';

describe('slide templates', () => {
  it('offers 停电计划, 电价调整 and 节假日营业时间, each with blanks staff must fill', () => {
    expect(SLIDE_TEMPLATES.map((t) => t.label)).toEqual(['停电计划', '电价调整', '节假日营业时间']);
    for (const t of SLIDE_TEMPLATES) expect(templateBlanks(t.fields).length, t.id).toBeGreaterThan(0);
  });

  it('names the field and the words of each blank left', () => {
    const blanks = templateBlanks({ title: '国庆营业时间', body: '本厅【请填写：时间，如 9:00–16:00】营业', tags: ['a', '【请填写：标签】'] });
    expect(blanks).toEqual([
      { path: ['body'], what: '时间，如 9:00–16:00' },
      { path: ['tags', 1], what: '标签' },
    ]);
  });

  it('finds no blank once filled, and a filled template is a valid slide', () => {
    const t = SLIDE_TEMPLATES.find((x) => x.id === 'holiday-hours')!;
    const filled = { ...t.fields, title: '国庆节营业时间安排', body: '10月1日至10月7日，本营业厅营业时间调整为 9:00–16:00。' };
    expect(templateBlanks(filled)).toEqual([]);
    expect(SlideInput.safeParse(filled).success).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { Slide } from '../../content/model';
import { reviewEntries, type ReviewEntry } from './review-batches';

const slide = (id: string, submissions: { batch?: string; at?: string }[] = [{}]): Slide =>
  ({
    id,
    type: 'image',
    title: id,
    status: 'pending',
    review: submissions.map((s, i) => ({ action: 'submitted' as const, by: 'wang', at: s.at ?? `2026-12-03T0${i}:00:00.000Z`, ...(s.batch && { batch: s.batch }) })),
  }) as unknown as Slide;
const shape = (entries: ReviewEntry[]): string[] => entries.map((e) => (e.kind === 'slide' ? e.slide.id : `${e.batch}[${e.slides.map((s) => s.id).join(',')}]`));

describe('reviewEntries', () => {
  const cases: { name: string; pending: Slide[]; want: string[] }[] = [
    { name: 'nothing waiting', pending: [], want: [] },
    { name: 'slides without a batch stay one per entry', pending: [slide('a'), slide('b')], want: ['a', 'b'] },
    { name: 'a drop of three is one entry', pending: [slide('a', [{ batch: 'x' }]), slide('b', [{ batch: 'x' }]), slide('c', [{ batch: 'x' }])], want: ['x[a,b,c]'] },
    { name: 'a batch of one left (the others approved) is a plain slide', pending: [slide('a', [{ batch: 'x' }]), slide('b')], want: ['a', 'b'] },
    { name: 'the batch sits where its first slide is', pending: [slide('n1'), slide('a', [{ batch: 'x' }]), slide('n2'), slide('b', [{ batch: 'x' }])], want: ['n1', 'x[a,b]', 'n2'] },
    { name: 'two drops are two batches', pending: [slide('a', [{ batch: 'x' }]), slide('b', [{ batch: 'y' }]), slide('c', [{ batch: 'x' }]), slide('d', [{ batch: 'y' }])], want: ['x[a,c]', 'y[b,d]'] },
    { name: 'a dropped slide edited and submitted again leaves its batch', pending: [slide('a', [{ batch: 'x' }, {}]), slide('b', [{ batch: 'x' }]), slide('c', [{ batch: 'x' }])], want: ['a', 'x[b,c]'] },
  ];
  for (const c of cases) it(c.name, () => expect(shape(reviewEntries(c.pending))).toEqual(c.want));
});

import { describe, expect, it } from 'vitest';
import type { Store, Transaction } from '../store/store';
import { createCallCommits } from './call-commits';

/** A store whose writes finish when the test says so; records what each write held. */
function slowStore() {
  const writes: string[][] = [];
  const finish: (() => void)[] = [];
  let failNext = false;
  const store = {
    transact<T>(fn: (tx: Transaction) => T): Promise<T> {
      const result = fn({} as Transaction);
      const fail = failNext;
      failNext = false;
      return new Promise<T>((resolve, reject) => finish.push(() => (fail ? reject(new Error('disk full')) : resolve(result))));
    },
  } as unknown as Store;
  return { store, writes, finish, failWrite: () => (failNext = true) };
}
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('createCallCommits()', () => {
  it('writes calls that arrive within the window, or during a write, together; each resolves only after its write', async () => {
    const s = slowStore();
    const commits = createCallCommits<string>({ store: s.store, write: (_tx, batch) => void s.writes.push([...batch]), windowMs: 5 });
    const done: string[] = [];
    const commit = (c: string) => commits.commit(c).then(() => done.push(c));
    void commit('a');
    void commit('b');
    await tick(20);
    expect(s.writes).toEqual([['a', 'b']]);
    void commit('c');
    void commit('d');
    await tick(20);
    expect(s.writes).toHaveLength(1); // still writing a+b: c and d wait for it
    expect(done).toEqual([]);
    s.finish.shift()!();
    await tick();
    expect(done).toEqual(['a', 'b']);
    expect(s.writes).toEqual([['a', 'b'], ['c', 'd']]);
    s.finish.shift()!();
    await tick();
    expect(done).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects every call of a failed write, and the next batch is written again', async () => {
    const s = slowStore();
    const commits = createCallCommits<string>({ store: s.store, write: (_tx, batch) => void s.writes.push([...batch]), windowMs: 1 });
    s.failWrite();
    const first = commits.commit('a');
    await tick(10);
    s.finish.shift()!();
    await expect(first).rejects.toThrow('disk full');
    const second = commits.commit('b');
    await tick(10);
    s.finish.shift()!();
    await expect(second).resolves.toBeUndefined();
    expect(s.writes).toEqual([['a'], ['b']]);
  });
});

describe('createCallCommits() refusing part of a batch', () => {
  it('rejects the items the write refused, with their error, and resolves the rest of the batch', async () => {
    const s = slowStore();
    const stale = new Error('hall taken over');
    const commits = createCallCommits<string>({ store: s.store, write: (_tx, batch) => new Map(batch.filter((c) => c.startsWith('h1')).map((c) => [c, stale])), windowMs: 5 });
    const outcome: Record<string, string> = {};
    const commit = (c: string) => commits.commit(c).then(() => (outcome[c] = 'stored'), (err: Error) => (outcome[c] = err.message));
    const all = [commit('h1-a'), commit('h2-a'), commit('h1-b')];
    await tick(20);
    s.finish.shift()!();
    await Promise.all(all);
    expect(outcome).toEqual({ 'h1-a': 'hall taken over', 'h2-a': 'stored', 'h1-b': 'hall taken over' });
  });
});

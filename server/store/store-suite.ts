/**
 * The behaviour every `Store` adapter must have, as one vitest suite run against each adapter
 * (lowdb-store.test.ts, pg-store.test.ts): transactions, group commit, order, persistence.
 */
import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { Store } from './store';

/** How a suite gets a fresh store and the same store reopened (after close) from its durable state. */
export interface StoreHarness {
  /** A new, empty store; the suite closes it. */
  open(): Promise<Store & { readonly created: boolean }>;
  /** Opens the store `open()` returned last again, from what it persisted. */
  reopen(): Promise<Store & { readonly created: boolean }>;
}

const at = new Date(0).toISOString();
const call = (id: string): QueueCall => ({ id, ticket: 'A1', counter: '1', text: '请 A1 号到 1 号窗口办理', createdAt: at, expiresAt: at });
const hall = (id: string, name = id) => ({ id, name, timezone: 'Asia/Shanghai', createdAt: at });

/** Registers the shared behavioural tests for one adapter. */
export function storeSuite(name: string, harness: StoreHarness): void {
  describe(`store behaviour: ${name}`, () => {
    it('a new store is empty and says so; what was written is there after reopening, in order', async () => {
      const store = await harness.open();
      expect(store.created).toBe(true);
      expect(store.list('halls')).toEqual([]);
      await store.transact((tx) => {
        tx.insert('halls', hall('h1'));
        tx.insert('halls', hall('h2'));
        tx.insert('halls', hall('h3'));
        tx.insert('calls', call('c1'));
      });
      await store.transact((tx) => tx.replace('halls', hall('h2', 'renamed')));
      await store.transact((tx) => tx.remove('halls', 'h1'));
      await store.close();
      const again = await harness.reopen();
      expect(again.created).toBe(false);
      expect(again.list('halls').map((h) => [h.id, h.name])).toEqual([['h2', 'renamed'], ['h3', 'h3']]);
      expect(again.get('calls', 'c1')?.ticket).toBe('A1');
      expect(again.get('halls', 'h1')).toBeUndefined();
      await again.close();
    });

    it('insert of a duplicate id and replace of a missing one throw and change nothing', async () => {
      const store = await harness.open();
      await store.transact((tx) => tx.insert('halls', hall('h1')));
      await expect(store.transact((tx) => (tx.insert('halls', hall('h9')), tx.insert('halls', hall('h1'))))).rejects.toThrow(/duplicate/);
      await expect(store.transact((tx) => tx.replace('halls', hall('nope')))).rejects.toThrow(/no nope/);
      expect(store.list('halls').map((h) => h.id)).toEqual(['h1']);
      await store.close();
    });

    it('retain keeps the matching items in order and reports how many went', async () => {
      const store = await harness.open();
      await store.transact((tx) => {
        for (let i = 0; i < 10; i++) tx.insert('calls', call(`c${i}`));
      });
      const gone = await store.transact((tx) => tx.retain('calls', (c) => Number(c.id.slice(1)) % 3 === 0));
      expect(gone).toBe(6);
      expect(store.list('calls').map((c) => c.id)).toEqual(['c0', 'c3', 'c6', 'c9']);
      expect(await store.transact((tx) => tx.retain('calls', () => true))).toBe(0);
      await store.close();
      const again = await harness.reopen();
      expect(again.list('calls').map((c) => c.id)).toEqual(['c0', 'c3', 'c6', 'c9']);
      await again.close();
    });

    it('an item removed and inserted again goes to the end, as a new item would', async () => {
      const store = await harness.open();
      await store.transact((tx) => ['a', 'b', 'c'].forEach((id) => tx.insert('halls', hall(id))));
      await store.transact((tx) => tx.remove('halls', 'a'));
      await store.transact((tx) => tx.insert('halls', hall('a', 'back')));
      expect(store.list('halls').map((h) => h.id)).toEqual(['b', 'c', 'a']);
      await store.close();
      const again = await harness.reopen();
      expect(again.list('halls').map((h) => h.id)).toEqual(['b', 'c', 'a']);
      await again.close();
    });

    it('100 transactions at once all land, in order; one that throws changes nothing and fails alone', async () => {
      const store = await harness.open();
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          store.transact((tx) => {
            if (i === 50) {
              tx.insert('halls', hall('doomed'));
              throw new Error('no');
            }
            tx.insert(i % 2 ? 'calls' : 'halls', i % 2 ? call(`c${i}`) : hall(`h${i}`));
            return i;
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect((results[50] as PromiseRejectedResult).reason.message).toBe('no');
      expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(
        Array.from({ length: 100 }, (_, i) => i).filter((i) => i !== 50),
      );
      expect(store.list('halls').map((h) => h.id)).not.toContain('doomed');
      expect(store.list('halls')).toHaveLength(49);
      await store.close();
      const again = await harness.reopen();
      expect(again.list('halls').map((h) => h.id)).toEqual(Array.from({ length: 50 }, (_, i) => i * 2).filter((i) => i !== 50).map((i) => `h${i}`));
      expect(again.list('calls')).toHaveLength(50);
      await again.close();
    });

    it('a transaction sees the changes of the ones queued before it; a closed store refuses writes', async () => {
      const store = await harness.open();
      const [, seen] = await Promise.all([store.transact((tx) => tx.insert('halls', hall('first'))), store.transact((tx) => tx.list('halls').map((h) => h.id))]);
      expect(seen).toEqual(['first']);
      await store.close();
      await expect(store.transact(() => 1)).rejects.toThrow(/closed/);
    });

    it('a read inside a transaction sees its own writes; the snapshot outside only after it resolved', async () => {
      const store = await harness.open();
      let inside: string[] = [];
      const done = store.transact((tx) => {
        tx.insert('halls', hall('x'));
        inside = tx.list('halls').map((h) => h.id);
      });
      expect(store.list('halls')).toEqual([]);
      await done;
      expect(inside).toEqual(['x']);
      expect(store.list('halls').map((h) => h.id)).toEqual(['x']);
      await store.close();
    });
  });
}

/** Rows of `hs_items`: reading them into a validated snapshot, writing a batch's changes. */
import type pg from 'pg';
import { Data, emptyData } from './data';
import type { ChangeSet } from './pg-draft';

/** One `hs_items` row as queries return it. */
export interface Row {
  collection: string;
  id: string;
  deleted: boolean;
  data: unknown;
  version: string;
}

/** The items of `rows` (tombstones skipped) as a validated store document; names the first bad field. */
export function validate(rows: Row[]): Data {
  const doc: Record<string, unknown[]> = {};
  for (const key of Object.keys(emptyData())) if (key !== 'schemaVersion') doc[key] = [];
  for (const r of rows) if (!r.deleted && r.collection in doc) doc[r.collection]!.push(r.data);
  const parsed = Data.safeParse({ schemaVersion: 1, ...doc });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`[store] a PostgreSQL row is not a valid item at ${issue?.path.map(String).join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Upserts the written items and tombstones the removed ones, all at `version`. */
export async function writeRows(client: pg.PoolClient, current: Data, changes: ChangeSet, version: number): Promise<void> {
  const cs: string[] = [];
  const ids: string[] = [];
  const docs: string[] = [];
  for (const [c, set] of changes.upserts) {
    if (set.size === 0) continue;
    const byId = new Map((current[c] as { id: string }[]).map((i) => [i.id, i]));
    for (const id of set) {
      const item = byId.get(id);
      if (!item) continue;
      cs.push(c);
      ids.push(id);
      docs.push(JSON.stringify(item));
    }
  }
  if (cs.length > 0) {
    await client.query(
      `insert into hs_items (collection, id, version, deleted, data)
       select c, i, $4, false, d::json from unnest($1::text[], $2::text[], $3::text[]) as t(c, i, d)
       on conflict (collection, id) do update set data = excluded.data, version = excluded.version, deleted = false,
         seq = case when hs_items.deleted then nextval(pg_get_serial_sequence('hs_items', 'seq')) else hs_items.seq end`,
      [cs, ids, docs, version],
    );
  }
  const dc: string[] = [];
  const di: string[] = [];
  for (const [c, set] of changes.deletes) for (const id of set) {
    dc.push(c);
    di.push(id);
  }
  if (dc.length > 0) {
    await client.query(
      `update hs_items set deleted = true, data = null, version = $3
       from unnest($1::text[], $2::text[]) as t(c, i) where hs_items.collection = t.c and hs_items.id = t.i`,
      [dc, di, version],
    );
  }
}

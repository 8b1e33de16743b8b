import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppendLog } from './append-log';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'hs-applog-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const lines = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('append log', () => {
  it('keeps every line, in order, when many are written in one turn; flush makes them readable', async () => {
    const dir = tmp();
    const at = Date.parse('2026-12-02T10:00:00Z');
    const log = openAppendLog(dir, 'calls', () => at);
    for (let i = 0; i < 500; i++) log.write({ record: 'call', i });
    await log.flush?.();
    const got = lines(path.join(dir, 'calls-2026-12-02.ndjson'));
    expect(got.map((l) => l.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(got[0]!.at).toBe('2026-12-02T10:00:00.000Z');
    await log.close();
  });

  it('puts lines of one turn that straddle midnight (UTC) into their own day files', async () => {
    const dir = tmp();
    let now = Date.parse('2026-12-02T23:59:59.900Z');
    const log = openAppendLog(dir, 'audit', () => now);
    log.write({ n: 1 });
    now = Date.parse('2026-12-03T00:00:00.100Z');
    log.write({ n: 2 });
    log.write({ n: 3 });
    await log.close();
    expect(readdirSync(dir).sort()).toEqual(['audit-2026-12-02.ndjson', 'audit-2026-12-03.ndjson']);
    expect(lines(path.join(dir, 'audit-2026-12-02.ndjson')).map((l) => l.n)).toEqual([1]);
    expect(lines(path.join(dir, 'audit-2026-12-03.ndjson')).map((l) => l.n)).toEqual([2, 3]);
  });

  it('writes what is pending when closed before the turn ends', async () => {
    const dir = tmp();
    const log = openAppendLog(dir, 'plays', () => Date.parse('2026-12-02T01:00:00Z'));
    log.write({ n: 1 });
    await log.close();
    expect(lines(path.join(dir, 'plays-2026-12-02.ndjson')).map((l) => l.n)).toEqual([1]);
  });
});

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hall } from '../content/model';
import { deleteOldLogs, powerEdges } from './jobs';

describe('deleteOldLogs() keeps the retention period of append-only logs', () => {
  it('deletes day files older than the period and nothing else', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-logs-'));
    for (const n of ['calls-2026-01-01.ndjson', 'audit-2026-05-30.ndjson', 'audit-2026-06-01.ndjson', 'play-2026-11-27.ndjson', 'notes.txt'])
      writeFileSync(path.join(dir, n), '{}\n');
    const deleted = await deleteOldLogs(dir, 180, Date.parse('2026-11-27T12:00:00Z'));
    expect(deleted.sort()).toEqual(['audit-2026-05-30.ndjson', 'calls-2026-01-01.ndjson']);
    expect(readdirSync(dir).sort()).toEqual(['audit-2026-06-01.ndjson', 'notes.txt', 'play-2026-11-27.ndjson']);
  });

  it('is quiet when the log folder does not exist yet', async () => {
    expect(await deleteOldLogs('/nonexistent/hs-logs', 30, Date.now())).toEqual([]);
  });
});

describe('powerEdges() turns business hours into cron expressions', () => {
  const hall = (hours: Hall['hours']): Hall => ({ id: 'h', name: '厅', timezone: 'Asia/Shanghai', createdAt: '2026-01-01T00:00:00Z', hours });

  it.each([
    ['weekday office hours', { waiting: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] } }, ['30 8 * * 1,2,3,4,5', '30 17 * * 1,2,3,4,5']],
    ['Sunday (ISO 7) becomes cron 0', { guide: { windows: [{ start: '09:00', end: '18:00' }], days: [7] } }, ['0 9 * * 0', '0 18 * * 0']],
    ['a window past midnight closes on any day', { counter: { windows: [{ start: '22:00', end: '06:00' }], days: [5] } }, ['0 22 * * 5', '0 6 * * *']],
    ['no hours, no jobs', undefined, []],
  ] as const)('%s', (_name, hours, expected) => {
    expect(powerEdges(hall(hours as Hall['hours'])).map((e) => e.expression)).toEqual(expected);
  });
});

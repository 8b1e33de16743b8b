import { describe, expect, it } from 'vitest';
import { decide, ROLE_TABLE, type Action, type Actor, type Halls } from './access';

const A = 'hall-a';
const B = 'hall-b';
type Row = [role: Actor['role'], scope: Halls, action: Action, object: Halls | undefined, expected: 200 | 403 | 404];

// role × scope × action × object's hall → outcome. 'all' object = district content or an `all`/area-wide target.
const ROWS: Row[] = [
  // Unrestricted staff: only the role decides.
  ['admin', 'all', 'screen.admin', [B], 200],
  ['admin', 'all', 'content.write', 'all', 200],
  ['admin', 'all', 'system', undefined, 200],
  ['editor', 'all', 'content.write', 'all', 200],
  ['editor', 'all', 'schedule.write', 'all', 200],
  ['editor', 'all', 'override.write', [A], 403],
  ['editor', 'all', 'slide.approve', [A], 403],
  ['editor', 'all', 'screen.command', [A], 403],
  ['operator', 'all', 'override.write', 'all', 200],
  ['operator', 'all', 'content.write', [A], 403],
  ['operator', 'all', 'schedule.write', [A], 403],
  ['reviewer', 'all', 'slide.approve', 'all', 200],
  ['reviewer', 'all', 'content.write', [A], 403],
  ['reviewer', 'all', 'audit.read', undefined, 200],
  ['editor', 'all', 'audit.read', undefined, 403],
  ['operator', 'all', 'audit.read', undefined, 403],
  ['editor', 'all', 'system', undefined, 403],
  // Hall-limited staff: reads see their halls and district objects, never other halls.
  ['editor', [A], 'read', [A], 200],
  ['editor', [A], 'read', 'all', 200],
  ['editor', [A], 'read', [B], 404],
  ['editor', [A], 'read', [A, B], 200],
  ['operator', [A, B], 'read', [B], 200],
  ['reviewer', [A], 'audit.read', [B], 404],
  ['reviewer', [A], 'audit.read', [A], 200],
  ['editor', [A], 'preview', [B], 404],
  // ... and change only what lies wholly inside their halls.
  ['editor', [A], 'content.write', [A], 200],
  ['editor', [A], 'content.write', 'all', 403],
  ['editor', [A], 'content.write', [B], 403],
  ['editor', [A], 'schedule.write', [A, B], 403],
  ['editor', [A, B], 'schedule.write', [A, B], 200],
  ['editor', [A], 'schedule.write', [], 200],
  ['operator', [A], 'override.write', 'all', 403],
  ['operator', [A], 'override.write', [A], 200],
  ['operator', [A], 'screen.command', [B], 403],
  ['operator', [A], 'queue.write', [B], 403],
  ['operator', [A], 'queue.write', [A], 200],
  ['reviewer', [A], 'slide.approve', 'all', 403],
  ['reviewer', [A], 'slide.approve', [A], 200],
  ['admin', [A], 'screen.admin', [A], 200],
  ['admin', [A], 'screen.admin', [B], 403],
  ['admin', [A], 'system', undefined, 403],
  ['admin', [A], 'hall.admin', [B], 403],
  // A hall's slide-text variables: its admins (values reach screens unreviewed); never another hall's.
  ['admin', [A], 'hall.variables', [A], 200],
  ['admin', [A], 'hall.variables', [B], 403],
  ['admin', 'all', 'hall.variables', [B], 200],
  ['editor', [A], 'hall.variables', [A], 403],
  ['reviewer', 'all', 'hall.variables', [A], 403],
  ['operator', [A], 'hall.variables', [A], 403],
  ['editor', [A], 'report.kiosk', [B], 404],
  ['operator', 'all', 'report.kiosk', undefined, 403],
  // Tokens: queue work only, in their halls.
  ['token', 'all', 'queue.write', [B], 200],
  ['token', [A], 'queue.write', [B], 403],
  ['token', [A], 'queue.read', [A], 200],
  ['token', [A], 'queue.read', [B], 403],
  // The hall's own queue: its token and every role of its staff; never another hall's.
  ['token', [A], 'queue.desk', [A], 200],
  ['token', [A], 'queue.desk', [B], 403],
  ['editor', [A], 'queue.desk', [A], 200],
  ['reviewer', 'all', 'queue.desk', [B], 200],
  ['operator', [A], 'queue.desk', [B], 403],
  ['token', 'all', 'read', [A], 403],
  ['token', 'all', 'content.write', 'all', 403],
];

describe('decide()', () => {
  it.each(ROWS)('%s working in %j: %s on %j → %i', (role, scope, action, object, expected) => {
    const d = decide({ role, halls: scope }, action, object);
    expect(d.ok ? 200 : d.status).toBe(expected);
  });

  it('every action has at least one row, so a new action cannot go untested', () => {
    const tested = new Set(ROWS.map((r) => r[2]));
    expect(Object.keys(ROLE_TABLE).filter((a) => !tested.has(a as Action))).toEqual([]);
  });

  it('a role outside the table is refused every action before any hall is looked at', () => {
    for (const action of Object.keys(ROLE_TABLE) as Action[])
      for (const role of ['admin', 'reviewer', 'editor', 'operator', 'token'] as const) {
        const d = decide({ role, halls: 'all' }, action, 'all');
        expect(d.ok, `${role} ${action}`).toBe(ROLE_TABLE[action].includes(role));
      }
  });
});

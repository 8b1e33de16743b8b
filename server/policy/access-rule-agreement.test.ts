import { describe, expect, it } from 'vitest';
import { changeRefusal, type Halls } from '../../content/access-rule';
import { decide } from './access';

// The editor hides by content/access-rule.ts `changeRefusal`; the server decides by `decide`. For every
// scope × object, an allowed content or schedule write is exactly one the editor leaves editable.
const HALLS: Halls[] = ['all', [], ['a'], ['b'], ['a', 'b'], ['a', 'c']];

describe('the editor\'s read-only rule agrees with the server\'s policy', () => {
  for (const action of ['content.write', 'schedule.write'] as const)
    it(`${action}: decide() allows exactly what changeRefusal() leaves editable`, () => {
      for (const scope of HALLS.filter((h) => h === 'all' || h.length > 0))
        for (const object of HALLS) {
          const server = decide({ role: 'editor', halls: scope }, action, object).ok;
          expect(changeRefusal(scope, object) === undefined, `${JSON.stringify(scope)} on ${JSON.stringify(object)}`).toBe(server);
        }
    });
});

import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

describe('passwordProblem()', () => {
  it.each([
    ['short1', undefined, '密码至少 10 位'],
    ['abcdefghijk', undefined, '密码需同时包含字母和数字'],
    ['12345678901', undefined, '密码需同时包含字母和数字'],
    ['Password123', undefined, '这是常见密码，请换一个不容易被猜到的密码'],
    ['woaini1314', undefined, '这是常见密码，请换一个不容易被猜到的密码'],
    ['alice-secret-9', 'alice', '密码不能包含用户名'],
    ['x'.repeat(250) + '1234567', undefined, '密码至多 256 位'],
    ['tall-river-42', 'alice', undefined],
    ['营业厅ab12345678', undefined, undefined],
  ])('%s (user %s) → %s', (pw, user, expected) => {
    expect(passwordProblem(pw, user)).toBe(expected);
  });
});

/**
 * The password policy for passwords staff set (new users, changes, resets): at least 10 characters,
 * a letter and a digit, and not one of the common passwords people reach for first. The first admin's
 * ADMIN_PASSWORD is taken as given (deployments and CI set it), so it is not checked here.
 */
import { HttpError } from '../http-error';

/** Common passwords that pass the length/letter/digit rule, lower-cased (a short bundled list). */
const COMMON = new Set([
  'password123', 'password1234', 'password12345', 'passw0rd123', 'p@ssw0rd123', 'qwerty12345', 'qwerty123456',
  'qwertyuiop1', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsxcde3', 'abc1234567', 'abcd123456',
  'abcdef123456', 'a123456789', 'a1234567890', '123456789a', '1234567890a', '1234567890q', 'qwe1234567',
  'admin12345', 'admin123456', 'administrator1', 'welcome123', 'welcome1234', 'iloveyou123', 'letmein123',
  'sunshine123', 'princess123', 'football123', 'baseball123', 'monkey12345', 'dragon12345', 'master12345',
  'superman123', 'michael1234', 'changeme123', 'test123456', 'test1234567', 'guest123456', 'root123456',
  'woaini1314', 'woaini520', 'woaini123456', 'aa123456789', 'qq123456789', 'asd123456789', 'asdf123456',
  'zxc123456789', 'zxcvbnm123', 'abc123456789', 'hello123456', 'china123456', 'beijing2008', 'shanghai123',
  'huawei123456', 'user123456', 'signage123', 'pw-user-123',
]);

/** The first thing wrong with a new password, in Chinese, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < 10) return '密码至少 10 位';
  if (password.length > 256) return '密码至多 256 位';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '密码需同时包含字母和数字';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return '这是常见密码，请换一个不容易被猜到的密码';
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3) return '密码不能包含用户名';
  return undefined;
}

/** Throws 400 with the policy's words unless the password is acceptable. */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new HttpError(400, 'weak_password', problem);
}

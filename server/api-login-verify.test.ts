/**
 * Issue 13: a login for a username nobody has must cost the same password check as a wrong password,
 * or the answer time tells which usernames exist. Counted as scrypt runs, not measured in time.
 */
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from './test-server';

// NOTE: a spy on node:crypto (not on our own modules), so the test holds whatever calls scrypt.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof crypto>();
  const scrypt = vi.fn(real.scrypt);
  return { ...real, scrypt, default: { ...real, scrypt } };
});

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** How many scrypt runs one login attempt costs, and its status. */
async function scryptRunsOf(username: string, password: string): Promise<[number, number]> {
  const spy = vi.mocked(crypto.scrypt);
  const before = spy.mock.calls.length;
  const r = await t.request('POST', '/api/auth/login', { username, password });
  return [r.status, spy.mock.calls.length - before];
}

describe('POST /api/auth/login checks a password exactly once whoever is named', () => {
  it('an unknown username runs the check once, like a wrong password and a right one', async () => {
    expect(await scryptRunsOf('nobody-here', 'guess-1234')).toEqual([401, 1]);
    expect(await scryptRunsOf('admin', 'guess-1234')).toEqual([401, 1]);
    expect(await scryptRunsOf('admin', ADMIN_PASSWORD)).toEqual([200, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy()', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ['192.168.1.5,::1', ['192.168.1.5', '::1']],
  ])('reads %j as %j', (input, expected) => {
    expect(parseTrustProxy(input)).toEqual(expected);
  });

  it.each(['true', '*', 'everyone', 'loopback,evil.example'])('refuses %j', (input) => {
    expect(() => parseTrustProxy(input)).toThrow(/TRUST_PROXY/);
  });
});

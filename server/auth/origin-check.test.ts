import { describe, expect, it } from 'vitest';
import { fromOwnOrigin, publicOriginsOf } from './origin-check';

const PUBLIC = ['https://signage.example.com'];
describe('fromOwnOrigin()', () => {
  it.each([
    ['same host and port', { origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' }, true],
    ['another port of the same host (same-site)', { origin: 'http://127.0.0.1:9090', host: '127.0.0.1:8080', secFetchSite: 'same-site' }, false],
    ['another host', { origin: 'http://evil.test', host: '127.0.0.1:8080' }, false],
    ['the PUBLIC_URL origin behind a proxy', { origin: 'https://signage.example.com', host: '10.0.0.5:8080' }, true],
    ['an opaque origin (sandboxed frame, file://)', { origin: 'null', host: '127.0.0.1:8080' }, false],
    ['a malformed origin', { origin: 'not a url', host: '127.0.0.1:8080' }, false],
    ['no Origin, Sec-Fetch-Site same-origin', { secFetchSite: 'same-origin', host: 'h' }, true],
    ['no Origin, Sec-Fetch-Site cross-site', { secFetchSite: 'cross-site', host: 'h' }, false],
    ['no Origin, Sec-Fetch-Site same-site', { secFetchSite: 'same-site', host: 'h' }, false],
    ['typed into the address bar (none)', { secFetchSite: 'none', host: 'h' }, true],
    ['a server with neither header', { host: 'h' }, true],
  ])('%s → %s', (_name, r, expected) => expect(fromOwnOrigin(r, PUBLIC)).toBe(expected));

  it('reads the origins of PUBLIC_URL, ignoring paths and bad entries', () => {
    expect(publicOriginsOf('https://a.example.com/base/, http://b.test:81,::bad')).toEqual(['https://a.example.com', 'http://b.test:81']);
    expect(publicOriginsOf(undefined)).toEqual([]);
  });
});

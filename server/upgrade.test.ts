/** Malformed WebSocket upgrades are answered, never fatal. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const rawUpgrade = (port: number, target: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(
        `GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    let out = '';
    sock.on('data', (d) => (out += d.toString()));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
    setTimeout(() => sock.destroy(), 2000);
  });

describe('WebSocket upgrade', () => {
  it.each(['//', '//[::1', 'http://[', '/nope', '/ws/player?%'])('answers the target %j and stays up', async (target) => {
    const reply = await rawUpgrade(t.port, target);
    expect(reply).toMatch(/^HTTP\/1\.1 (400|404|101)/);
    expect((await t.request('GET', '/healthz')).status).toBe(200);
  });
});

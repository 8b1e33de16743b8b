/**
 * Device keys reach the console once: the first start on an empty DATA_DIR prints each demo screen's
 * player URL (the operator sets the screens up then); a restart on the same DATA_DIR prints none, so a
 * key does not end up in every log collector that reads stdout at every start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMain, type MainProcess } from './main-process';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-keys-'));
const started: MainProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = { DATA_DIR: dataDir, ADMIN_PASSWORD: 'pw-keys-1' };
const keysIn = (out: string): string[] => [...out.matchAll(/[?&]key=([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);

describe('npm start and device keys', () => {
  it('prints the player URLs with keys on the first start only, not on a restart with the same DATA_DIR', { timeout: 30_000 }, async () => {
    const first = await startMain(env);
    started.push(first);
    const firstKeys = keysIn(first.output());
    expect(first.output()).toContain('仅首次启动显示');
    expect(firstKeys.length).toBeGreaterThan(0);
    await first.stop();

    const second = await startMain(env);
    started.push(second);
    const out = second.output();
    expect(out).toContain('已启动');
    expect(keysIn(out)).toEqual([]);
    for (const key of firstKeys) expect(out).not.toContain(key);
    expect(out).toContain('屏幕 → 播放地址');
    await second.stop();
  });
});

/**
 * Start-up and first load: how long `npm start` takes to answer /healthz with an existing DATA_DIR, what the
 * server process tree holds in RAM by then, and how long a player in Chromium takes from navigation to its first
 * slide — cold (a fresh profile: no HTTP cache, no service worker) and warm (the same profile again) — with the
 * bytes a cold load moves over the wire. Medians of several runs.
 *
 * The same is measured on the baseline commit (the last one that started through tsx and served nothing
 * compressed), checked out into a temporary git worktree, in the same session with runs interleaved: on a shared
 * box only numbers taken side by side compare.
 *
 *   npm run bench                       # part of the bench suite (5 runs)
 *   npx tsx bench/startup.ts 7          # 7 runs of each
 *   npx tsx bench/startup.ts 5 --no-baseline
 *
 * A tree's "server alone" command is its package.json `start` after the build step (older commits), or the bundle.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import { writeBenchSection } from './report';

const root = path.resolve(import.meta.dirname, '..');
/** Before issue 11 item 7: `tsx server/main.ts`, assets uncompressed. */
const BASELINE_COMMIT = '2e0e6ff';
const ADMIN_PASSWORD = 'bench-admin-pass';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** RSS of a process and all its descendants, from /proc (MB). */
function treeRssMb(pid: number): { mb: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone */
    }
  }
  let kb = 0;
  let processes = 0;
  const walk = (p: number): void => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
      processes++;
    } catch {
      return;
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return { mb: kb / 1024, processes };
}

/** Runs a shell command in its own process group (so it and its children stop together). */
function run(command: string, env: Record<string, string>, cwd: string): ChildProcess {
  return spawn('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await Promise.race([exited, sleep(8000)]);
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
}

/** Starts `command` and returns ms until /healthz answers 200, and the tree's RSS then. */
async function timeToHealthz(command: string, env: Record<string, string>, baseUrl: string, cwd: string): Promise<{ ms: number; rssMb: number; processes: number; child: ChildProcess }> {
  const t0 = performance.now();
  const child = run(command, env, cwd);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before /healthz answered`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > 120_000) throw new Error('no /healthz in 120 s');
    await sleep(10);
  }
  const ms = performance.now() - t0;
  await sleep(300); // let the tree settle (npm and sh stay; loaders may spawn)
  const rss = treeRssMb(child.pid!);
  return { ms, rssMb: rss.mb, processes: rss.processes, child };
}

async function playerUrl(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const screens = (await (await fetch(`${baseUrl}/api/screens`, { headers: { cookie } })).json()) as { items?: { kind: string; playerUrl: string }[] } | { kind: string; playerUrl: string }[];
  const list = Array.isArray(screens) ? screens : (screens.items ?? []);
  const tv = list.find((s) => s.kind === 'tv') ?? list[0];
  if (!tv) throw new Error('no screen in the seeded data');
  return tv.playerUrl.replace(/^https?:\/\/[^/]+/, baseUrl);
}

interface Load {
  ms: number;
  bytes: number;
  requests: number;
}

export interface StartupResult {
  label: string;
  runs: number;
  npmStartMs: number;
  serverMs: number;
  serverCommand: string;
  rssMb: number;
  processes: number;
  cold: Load;
  /** Cold again, over HALL_LINK. */
  coldLink: Load;
  warm: Load;
}

interface Tree {
  label: string;
  dir: string;
  serverCommand: string;
  env: Record<string, string>;
  baseUrl: string;
  dataDir: string;
  url?: string;
  npmStart: number[];
  server: number[];
  rss: number[];
  processes: number;
  cold: Load[];
  coldLink: Load[];
  warm: Load[];
}

function makeTree(label: string, dir: string, port: number): Tree {
  const start = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const serverCommand = start.includes('&&') ? start.split('&&').pop()!.trim() : 'node --enable-source-maps dist/server/main.js';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hs-startup-'));
  const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'warn', NODE_ENV: 'production', PATH: `${path.join(dir, 'node_modules', '.bin')}:${process.env.PATH}` };
  return { label, dir, serverCommand, env, baseUrl: `http://127.0.0.1:${port}`, dataDir, npmStart: [], server: [], rss: [], processes: 0, cold: [], coldLink: [], warm: [] };
}

/** A detached worktree of the baseline commit sharing this checkout's node_modules. */
function checkoutBaseline(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-baseline-'));
  rmSync(dir, { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', dir, BASELINE_COMMIT], { cwd: root, stdio: 'ignore' });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** A hall's link as a screen sees it (the server in a district office): 20 Mbit/s down, 20 ms round trip. */
const HALL_LINK = { offline: false, latency: 20, downloadThroughput: (20e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 };

async function loadOnce(context: BrowserContext, url: string, throttle = false): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttle) await cdp.send('Network.emulateNetworkConditions', HALL_LINK);
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  const t0 = performance.now();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="now-playing"]')?.getAttribute('data-slide-id'), null, { timeout: 60_000, polling: 10 });
  const ms = performance.now() - t0;
  await sleep(1500); // late requests of the same load (fonts, the next slide's media) still count
  await page.close();
  return { ms, bytes, requests };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => /^\d+$/.test(a))) || 5;
  let baselineDir: string | undefined;
  try {
    baselineDir = args.includes('--no-baseline') ? undefined : checkoutBaseline();
  } catch (err) {
    // Not a git clone, or the commit is not in its history: measure this tree alone.
    console.warn(`[bench:startup] no baseline checkout (${(err as Error).message.split('\n')[0]}); measuring this tree only`);
  }
  const trees: Tree[] = [];
  if (baselineDir) trees.push(makeTree(`before (${BASELINE_COMMIT})`, baselineDir, await freePort()));
  trees.push(makeTree('after (this tree)', root, await freePort()));
  const browser = await launchBrowser();
  try {
    // First start of each: builds what is stale and seeds the demo hall; not timed.
    for (const t of trees) {
      const first = await timeToHealthz('npm start --silent', t.env, t.baseUrl, t.dir);
      t.url = await playerUrl(t.baseUrl);
      await stop(first.child);
    }
    for (let i = 0; i < runs; i++) {
      // Which tree goes first alternates, so neither always follows the other's teardown.
      for (const t of i % 2 ? [...trees].reverse() : trees) {
        const a = await timeToHealthz('npm start --silent', t.env, t.baseUrl, t.dir);
        t.npmStart.push(a.ms);
        t.rss.push(a.rssMb);
        t.processes = a.processes;
        await stop(a.child);
        const b = await timeToHealthz(`exec ${t.serverCommand}`, t.env, t.baseUrl, t.dir);
        t.server.push(b.ms);
        await stop(b.child);
      }
    }
    // Player loads, one server per tree, loads interleaved.
    const servers = await Promise.all(trees.map((t) => timeToHealthz(`exec ${t.serverCommand}`, t.env, t.baseUrl, t.dir)));
    try {
      for (let i = 0; i < runs; i++) {
        for (const t of i % 2 ? [...trees].reverse() : trees) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Pacific/Pago_Pago' });
          t.cold.push(await loadOnce(context, t.url!));
          t.warm.push(await loadOnce(context, t.url!));
          await context.close();
          const slow = await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Pacific/Pago_Pago' });
          t.coldLink.push(await loadOnce(slow, t.url!, true));
          await slow.close();
        }
      }
    } finally {
      await Promise.all(servers.map((s) => stop(s.child)));
    }
    const summary = (ls: Load[]): Load => ({ ms: median(ls.map((l) => l.ms)), bytes: median(ls.map((l) => l.bytes)), requests: median(ls.map((l) => l.requests)) });
    const results: StartupResult[] = trees.map((t) => ({
      label: t.label,
      runs,
      npmStartMs: median(t.npmStart),
      serverMs: median(t.server),
      serverCommand: t.serverCommand,
      rssMb: median(t.rss),
      processes: t.processes,
      cold: summary(t.cold),
      coldLink: summary(t.coldLink),
      warm: summary(t.warm),
    }));
    console.log(JSON.stringify(results, null, 2));
    if (!args.includes('--no-report')) report(results);
  } finally {
    await browser.close();
    for (const t of trees) rmSync(t.dataDir, { recursive: true, force: true });
    if (baselineDir) execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { cwd: root, stdio: 'ignore' });
  }
}

function report(results: StartupResult[]): void {
  const kb = (b: number) => `${Math.round(b / 1024)} KB`;
  const row = (r: StartupResult) =>
    `| ${r.label} | \`${r.serverCommand}\` | ${Math.round(r.npmStartMs)} | ${Math.round(r.serverMs)} | ${Math.round(r.rssMb)} (${r.processes} proc.) | ${Math.round(r.cold.ms)} | ${kb(r.cold.bytes)} (${r.cold.requests} req.) | ${Math.round(r.coldLink.ms)} | ${Math.round(r.warm.ms)} | ${kb(r.warm.bytes)} |`;
  writeBenchSection('Start-up and first player load', [
    `Medians of ${results[0]!.runs} runs, the trees interleaved run by run, which goes first alternating (same session, same load). DATA_DIR seeded by a first start (not timed).`,
    '"npm start" is spawn → first `200` from /healthz, build step included (nothing stale); "server" is the server command alone. RSS: the whole process tree of `npm start` then.',
    "Player: headless Chromium (SwiftShader), 1280×720, the demo hall's TV; navigation → the DOM mirror names the first slide (`now-playing[data-slide-id]`).",
    'Cold: a new browser context (no HTTP cache, no service worker); warm: a second page in the same context (service worker and cache). Bytes: `encodedDataLength` of every request the page made (headers included), 1.5 s after the first slide; the service worker\'s own precache fetches are not counted.',
    'Loopback moves bytes for free, so "cold" mostly measures pixi start-up on software WebGL; the link column throttles the page (CDP `Network.emulateNetworkConditions`: 20 Mbit/s down, 5 up, 20 ms latency) the way a hall\'s screen reaches a district server.',
    '',
    '| build | server command | npm start → /healthz ms | server → /healthz ms | RSS MB | cold → first slide ms | cold bytes | cold over a 20 Mbit/s, 20 ms link ms | warm → first slide ms | warm bytes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(row),
    '',
    `Load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (other work shares this box: absolute times swing; compare rows of one run).`,
  ]);
}

await main();

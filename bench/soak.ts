/**
 * Soak: 10,000 slide changes of pictures, text and a video (SOAK_VIDEO=0 leaves it out) on the
 * accelerated clock, in Debian's Chromium, against the real server. Measures what a months-long
 * screen would feel: the renderer's and GPU process's resident memory and the JS heap after GC,
 * after warm-up and every 1,000 changes. Target: the end within 5 % of the level after warm-up.
 *
 *   npm run bench                          # 10,000 changes (≈ 30 min on two cores)
 *   npx tsx bench/soak.ts 2000 0.02        # changes, time scale
 * Builds the player first when a source is newer than dist/ (as `npm start` does).
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { launchBrowser } from '../e2e/browser';
import { processBytes } from '../e2e/process-memory';
import { startServer } from '../e2e/server-process';
import { createSoakContent, SOAK_SLIDE_MS } from '../e2e/soak-content';
import { growthPct, mb, runSoak, type SoakPoint } from '../e2e/soak-run';
import { writeBenchSection } from './report';

const PASSWORD = 'soak-bench-pass';
const WARMUP = 300;
const TARGET_PCT = 5;

function chromiumVersion(): string {
  try {
    return execSync('/usr/bin/chromium --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

async function main(): Promise<void> {
  // Side effect: runs `vite build` when player, editor or content changed since the last build.
  await import('../scripts/build-if-stale');
  const total = Number(process.argv[2]) || 10_000;
  const timeScale = Number(process.argv[3]) || 0.02;
  // Ten samples after warm-up: every 1,000 changes in the full run.
  const sampleEvery = Math.max(50, Math.round(total / 10));
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const server = await startServer({ ADMIN_PASSWORD: PASSWORD });
  const browser = await launchBrowser();
  try {
    const content = await createSoakContent(server.baseUrl, PASSWORD, { video: process.env.SOAK_VIDEO !== '0' });
    console.log(`soak: ${content.types.join(', ')}; ${total} changes at ${SOAK_SLIDE_MS * timeScale} ms per slide`);
    const result = await runSoak(browser, {
      playerUrl: content.playerUrl,
      loop: content.slideIds,
      timeScale,
      // Short runs (a quick check) warm up for 30 % of the changes.
      warmupChanges: Math.min(WARMUP, Math.round(total * 0.3)),
      totalChanges: total,
      sampleEvery,
      stretchTimeoutMs: 60 * 60_000,
      onPoint: (p) =>
        console.log(`  ${p.changes} changes, ${Math.round(p.atMs / 1000)} s: renderer ${mb(p.rendererRssBytes)} MB, GPU ${mb(p.gpuRssBytes)} MB, JS heap ${mb(p.jsHeapBytes)} MB`),
    });
    const { warm, end } = result;
    const procPct = growthPct(processBytes(warm), processBytes(end));
    const heapPct = growthPct(warm.jsHeapBytes, end.jsHeapBytes);
    const met = procPct <= TARGET_PCT && heapPct <= TARGET_PCT;
    const row = (p: SoakPoint) =>
      `| ${p.changes} | ${Math.round(p.atMs / 1000)} | ${mb(p.rendererRssBytes)} | ${mb(p.gpuRssBytes)} | ${mb(processBytes(p))} | ${growthPct(processBytes(warm), processBytes(p))} % | ${mb(p.jsHeapBytes)} | ${growthPct(warm.jsHeapBytes, p.jsHeapBytes)} % |`;
    console.log(`soak: renderer+GPU ${procPct} %, JS heap ${heapPct} % after warm-up; ${result.skipped.length} skipped, ${result.pageErrors.length} page errors`);
    writeBenchSection('Player soak: browser memory over thousands of slide changes', [
      `Browser: ${chromiumVersion()}, headless, SwiftShader WebGL2 (no GPU), 1920×1080. Server: \`tsx server/main.ts\` (child process, fresh data dir).`,
      `Loop: ${content.types.join(', ')} — four different full-HD pictures (JPEG and PNG, \`contain\` and \`cover\`) between text slides, fade transitions; every slide ${SOAK_SLIDE_MS / 1000} s at \`?test=1&timeScale=${timeScale}\` (${SOAK_SLIDE_MS * timeScale} ms). Changes counted by a MutationObserver on the DOM mirror's \`data-slide-id\`.`,
      `Memory: RSS of Chromium's renderer and GPU processes (pids from CDP \`SystemInfo.getProcessInfo\`, VmRSS from /proc) and the page's JS heap (\`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\`). Baseline after ${warm.changes} warm-up changes, then every ${sampleEvery}.`,
      '',
      '| changes | s | renderer MB | GPU MB | renderer+GPU MB | vs warm-up | JS heap MB | vs warm-up |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...result.points.map(row),
      '',
      `Target: renderer+GPU RSS and JS heap at ${end.changes} changes within ${TARGET_PCT} % of the level after warm-up: **${met ? 'met' : 'missed'}** (renderer+GPU ${procPct} %, JS heap ${heapPct} %).`,
      `${Math.round(result.msPerChange)} ms per change on average (slide time + prepare of the next slide); ${result.skipped.length} slides skipped with an error, ${result.count.outOfOrder} changes out of loop order, ${result.pageErrors.length} page errors.`,
      `Load average (1 min) at start / end: ${loadBefore} / ${os.loadavg()[0]!.toFixed(1)} — speed per change depends on it (software WebGL at 1080p on two cores); the memory figures do not.`,
    ]);
    if (result.skipped.length) console.log(result.skipped.slice(0, 5).join('\n'));
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

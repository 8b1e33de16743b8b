/**
 * Media ingest cost: a 24 MP JPEG through `ingestMedia` (sniff, sha256, pixel check, WebP renditions
 * for the demo hall's screen widths with their sha256, thumbnail, staging and move) against bare sharp
 * doing the same resizes and encodes. Target: within 1.3× of bare sharp. Also times the demo seed,
 * which renders and ingests its artwork. Appends its table to BENCHMARKS.md.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DEMO_SCREENS } from '../content/demo-hall';
import { createFsMediaStore } from '../server/media/fs-media-store';
import { imageInput } from '../server/media/image-input';
import { ingestMedia, renditionTargets, renditionWidths, THUMB_WIDTH } from '../server/media/pipeline';
import { seed } from '../server/seed';
import { openLowdbStore } from '../server/store/lowdb-store';
import { writeBenchSection } from './report';

const W = 6000;
const H = 4000;
const RUNS = 5;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-media-'));
const tmpDir = path.join(dir, 'tmp');
const mediaDir = path.join(dir, 'media');
const outDir = path.join(dir, 'bare');
mkdirSync(tmpDir);
mkdirSync(outDir);

/** A photo-like 24 MP JPEG: smooth gradients with fine grain (pure noise would be unrealistically large). */
async function makePhoto(file: string): Promise<number> {
  const raw = Buffer.alloc(W * H * 3);
  let seedN = 12345;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      seedN = (seedN * 1103515245 + 12345) >>> 0;
      const grain = (seedN >>> 27) - 16;
      const i = (y * W + x) * 3;
      raw[i] = Math.max(0, Math.min(255, ((x * 255) / W + grain) | 0));
      raw[i + 1] = Math.max(0, Math.min(255, ((y * 255) / H + grain) | 0));
      raw[i + 2] = Math.max(0, Math.min(255, (128 + 100 * Math.sin(x / 300) * Math.cos(y / 200) + grain) | 0));
    }
  }
  const info = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
  return info.size;
}

const photo = path.join(dir, 'photo.jpg');
const photoBytes = await makePhoto(photo);
const widths = renditionWidths(DEMO_SCREENS.map((s) => ({ resolution: s.resolution ?? { width: 1920, height: 1080 } })));
const targets = renditionTargets(W, widths);

/** Runs `fn` and returns its wall and CPU ms (CPU of all threads: libvips works in a pool). */
async function timed(fn: () => Promise<unknown>): Promise<[number, number]> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return [performance.now() - t, (used.user + used.system) / 1000];
}

async function viaPipeline(): Promise<[number, number]> {
  const tmp = path.join(tmpDir, 'upload');
  copyFileSync(photo, tmp);
  let r: Awaited<ReturnType<typeof ingestMedia>> | undefined;
  const ms = await timed(async () => (r = await ingestMedia(tmp, createFsMediaStore(mediaDir), widths)));
  if (!r) throw new Error('no result');
  if (!('stored' in r) || r.stored.renditions.length !== targets.length) throw new Error('pipeline did not make every rendition');
  rmSync(mediaDir, { recursive: true, force: true });
  return ms;
}

/** What any sharp user would write: the same resizes and encodes, straight to files. */
async function bareSharp(): Promise<[number, number]> {
  return timed(async () => {
    for (const w of targets) await imageInput(photo).resize({ width: w, withoutEnlargement: true }).webp({ quality: 82 }).toFile(path.join(outDir, `w${w}.webp`));
    await imageInput(photo).resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 70 }).toFile(path.join(outDir, 'thumb.webp'));
  });
}

/** Wall and CPU ms of one demo seed; CPU time (all threads) shows the cost on a busy machine too. */
async function seedTime(): Promise<[number, number]> {
  const d = mkdtempSync(path.join(os.tmpdir(), 'bench-seed-'));
  const store = await openLowdbStore(d);
  const t = performance.now();
  const cpu = process.cpuUsage();
  await seed(store, { fresh: true, adminPassword: 'bench', now: Date.now(), dataDir: d });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t;
  await store.close();
  rmSync(d, { recursive: true, force: true });
  return [ms, (used.user + used.system) / 1000];
}

await viaPipeline(); // warm-up (libvips init, JIT)
await bareSharp();
const pipe: number[] = [];
const bare: number[] = [];
const pipeCpu: number[] = [];
const bareCpu: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so a noisy neighbour slows both sides alike.
  const [bw, bc] = await bareSharp();
  const [pw, pc] = await viaPipeline();
  bare.push(bw);
  bareCpu.push(bc);
  pipe.push(pw);
  pipeCpu.push(pc);
}
const seeds: number[] = [];
const seedCpu: number[] = [];
for (let i = 0; i < 3; i++) {
  const [wall, cpu] = await seedTime();
  seeds.push(wall);
  seedCpu.push(cpu);
}
const load = os.loadavg()[0]!.toFixed(1);
rmSync(dir, { recursive: true, force: true });

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = med(pipe) / med(bare);
const cpuRatio = med(pipeCpu) / med(bareCpu);
const r0 = (x: number) => Math.round(x);
console.log(`media ingest 24 MP JPEG: pipeline ${r0(med(pipe))} ms, bare sharp ${r0(med(bare))} ms, ratio ${ratio.toFixed(2)}× (cpu ${r0(med(pipeCpu))} / ${r0(med(bareCpu))} ms = ${cpuRatio.toFixed(2)}×); demo seed ${r0(med(seeds))} ms (cpu ${r0(med(seedCpu))} ms); load average ${load}`);
writeBenchSection('Media ingest', [
  `A ${W}×${H} (24 MP) photo-like JPEG of ${(photoBytes / 2 ** 20).toFixed(1)} MiB, renditions for the demo hall's screen widths (${targets.join(', ')} px WebP q82) plus a ${THUMB_WIDTH} px thumbnail, sequential. Median of ${RUNS} interleaved runs after warm-up. \`sharp.concurrency()\` = ${sharp.concurrency()}; 1-minute load average at the end: ${load} (other work on the machine slows both sides alike).`,
  '',
  '| scenario | median wall ms | median CPU ms (all threads) | target |',
  '|---|---:|---:|---:|',
  `| bare sharp: same resizes and encodes to files | ${r0(med(bare))} | ${r0(med(bareCpu))} | — |`,
  `| \`ingestMedia\`: sniff, sha256, pixel check, same renditions with their sha256, thumbnail, staging + move | ${r0(med(pipe))} | ${r0(med(pipeCpu))} | — |`,
  `| ratio pipeline / bare sharp | ${ratio.toFixed(2)}× | ${cpuRatio.toFixed(2)}× | ≤ 1.3× |`,
  `| demo seed (admin scrypt hash, two 1920×1080 artworks rendered from SVG and ingested, demo content) | ${r0(med(seeds))} | ${r0(med(seedCpu))} | < 2000 |`,
]);

/** Writes one titled section of BENCHMARKS.md (newest first), with the date and the machine. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md');
const HEAD = '# Benchmarks\n\nWritten by `npm run bench`; newest first. Targets are checked here, never in timed unit tests.\n\n';

/** A one-line description of this machine. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Replaces the section called `title` (or adds it on top). */
export function writeBenchSection(title: string, lines: string[]): void {
  const heading = `## ${title}`;
  const section = [`${heading} (${new Date().toISOString().slice(0, 10)})`, '', `Machine: ${machine()}.`, ...lines, ''].join('\n');
  const old = existsSync(FILE) ? readFileSync(FILE, 'utf8').replace(HEAD, '') : '';
  const sections = old.split(/\n(?=## )/).map((s) => s.trim()).filter((s) => s && !s.startsWith(heading));
  writeFileSync(FILE, `${HEAD}${[section.trim(), ...sections].join('\n\n')}\n`);
}

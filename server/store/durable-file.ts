/**
 * Replacing a file so that, whatever happens (kill -9, power cut), it holds either the old text or the
 * new one: a temp file beside it, fsynced, renamed over it, then the directory fsynced so the rename
 * itself is on disk before anything relies on it (the live snapshot: the journal is emptied after it).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';

/** The file operations the store's live files use; tests put failing ones in. */
export type StoreFs = Pick<typeof fsp, 'open' | 'rename' | 'rm' | 'appendFile' | 'writeFile' | 'chmod'>;
export const nodeFs: StoreFs = fsp;

export async function writeFileDurably(fs: StoreFs, file: string, text: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp`);
  try {
    // A temp file left by a crash may have another mode: start afresh.
    await fs.rm(tmp, { force: true });
    const fh = await fs.open(tmp, 'wx', mode);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  const d = await fs.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/**
 * Replaces one file of a file store atomically: the new bytes go to a temporary file beside it (same
 * folder tree, so the same file system), are flushed to disk, then renamed over the target. A crash
 * leaves either the old file or the new one, never a half-written one; what it can leave is the
 * temporary file, named so that MLflow and MLflow Lens ignore it (a dot file in a run or experiment
 * folder, which both read only by name or as sub-folders).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Test hook: when set to `after-temp`, the process kills itself once the temporary file is written
 * and before the rename, as a crash there would (tests run the write in a child process).
 */
export const CRASH_HOOK_ENV = 'MLFLOW_LENS_TEST_WRITE_CRASH';

export interface AtomicWriteOptions {
  /** Folder for the temporary file (default: the target's folder); must be on the same file system. */
  tempDir?: string;
  /** Permission bits for a new file (an existing file keeps its own). */
  mode?: number;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tempDir = options.tempDir ?? path.dirname(target);
  const temp = path.join(tempDir, `.mlflow-lens-${process.pid}-${crypto.randomBytes(6).toString('hex')}.tmp`);
  const existing = await fs.promises.stat(target).catch(() => undefined);
  const mode = existing ? existing.mode & 0o7777 : (options.mode ?? 0o644);
  const handle = await fs.promises.open(temp, 'wx', mode);
  let renamed = false;
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    if (process.env[CRASH_HOOK_ENV] === 'after-temp') process.kill(process.pid, 'SIGKILL');
    await fs.promises.rename(temp, target);
    renamed = true;
  } finally {
    await handle.close().catch(() => undefined);
    if (!renamed) await fs.promises.rm(temp, { force: true }).catch(() => undefined);
  }
}

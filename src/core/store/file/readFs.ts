/**
 * The few read-only file operations the file store needs, in two flavours: `asyncReadFs`
 * (fs.promises, for the extension host's thread) and `syncReadFs` (blocking calls behind resolved
 * promises, for the index workers where blocking is free and each call is cheaper).
 * Nothing here ever writes. "Missing" (ENOENT, ENOTDIR) is `undefined`, other errors throw.
 */
import fs from 'node:fs';
import { monotonicMs } from '../../clock';

export interface DirEntry {
  name: string;
  isDir: boolean;
  isFile: boolean;
}

/** mtime and size of a file, to tell whether it changed. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface ReadFs {
  readText(path: string): Promise<string | undefined>;
  readBytes(path: string): Promise<Uint8Array | undefined>;
  readTextWithStamp(path: string): Promise<{ text: string; stamp: FileStamp } | undefined>;
  stamp(path: string): Promise<FileStamp | undefined>;
  readdir(path: string): Promise<DirEntry[] | undefined>;
}

export function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function toEntry(d: fs.Dirent, dir: string, statSync: boolean): DirEntry {
  if (d.isSymbolicLink() && statSync) {
    try {
      const st = fs.statSync(`${dir}/${d.name}`);
      return { name: d.name, isDir: st.isDirectory(), isFile: st.isFile() };
    } catch {
      return { name: d.name, isDir: false, isFile: false };
    }
  }
  return { name: d.name, isDir: d.isDirectory(), isFile: d.isFile() };
}

const decoder = new TextDecoder('utf-8');

export const syncReadFs: ReadFs = {
  readText(p) {
    try {
      return Promise.resolve(fs.readFileSync(p, 'utf8'));
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
  },
  readBytes(p) {
    try {
      return Promise.resolve(fs.readFileSync(p));
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
  },
  readTextWithStamp(p) {
    let fd: number;
    try {
      fd = fs.openSync(p, 'r');
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) return Promise.resolve(undefined);
      const buf = Buffer.allocUnsafe(st.size);
      let off = 0;
      while (off < st.size) {
        const n = fs.readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      return Promise.resolve({
        text: decoder.decode(buf.subarray(0, off)),
        stamp: { mtimeMs: st.mtimeMs, size: st.size },
      });
    } catch (e) {
      return Promise.reject(e);
    } finally {
      fs.closeSync(fd);
    }
  },
  stamp(p) {
    try {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      return Promise.resolve(st && st.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : undefined);
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
  },
  readdir(p) {
    try {
      return Promise.resolve(fs.readdirSync(p, { withFileTypes: true }).map((d) => toEntry(d, p, true)));
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
  },
};

/** `inner` with a count of the calls made through it. */
export function countingReadFs(inner: ReadFs): { fs: ReadFs; calls(): number } {
  let calls = 0;
  const counted = <A extends unknown[], R>(op: (...args: A) => R) => (...args: A): R => {
    calls++;
    return op(...args);
  };
  const fs: ReadFs = {
    readText: counted((p) => inner.readText(p)),
    readBytes: counted((p) => inner.readBytes(p)),
    readTextWithStamp: counted((p) => inner.readTextWithStamp(p)),
    stamp: counted((p) => inner.stamp(p)),
    readdir: counted((p) => inner.readdir(p)),
  };
  return { fs, calls: () => calls };
}

async function orMissing<T>(op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

export const asyncReadFs: ReadFs = {
  readText: (p) => orMissing(() => fs.promises.readFile(p, 'utf8')),
  readBytes: (p) => orMissing(() => fs.promises.readFile(p)),
  readTextWithStamp: (p) =>
    orMissing(async () => {
      const h = await fs.promises.open(p, 'r');
      try {
        const st = await h.stat();
        if (st.isDirectory()) return undefined;
        const buf = await h.readFile();
        return { text: decoder.decode(buf), stamp: { mtimeMs: st.mtimeMs, size: st.size } };
      } finally {
        await h.close();
      }
    }),
  stamp: (p) =>
    orMissing(async () => {
      const st = await fs.promises.stat(p);
      return st.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : undefined;
    }),
  readdir: (p) =>
    orMissing(async () => {
      const entries = await fs.promises.readdir(p, { withFileTypes: true });
      const out: DirEntry[] = [];
      for (const d of entries) {
        if (d.isSymbolicLink()) {
          const st = await fs.promises.stat(`${p}/${d.name}`).catch(() => undefined);
          out.push({ name: d.name, isDir: !!st?.isDirectory(), isFile: !!st?.isFile() });
        } else out.push({ name: d.name, isDir: d.isDirectory(), isFile: d.isFile() });
      }
      return out;
    }),
};

/** Stats checked between two yields of the thread; a slice slower than the budget switches to async stats. */
const STAT_SLICE = 256;
const SLICE_BUDGET_MS = 16;

/**
 * Whether each file still has its known stamp. On a local disk blocking `statSync` calls in slices
 * of a few hundred, yielding between slices, cost a fraction of one async stat each; when a slice
 * takes longer than a frame (a network disk), the rest is checked with async stats so the thread
 * never stalls. An error answers false: the caller then reads the file and reports what is wrong.
 * `between` is awaited between slices (a background listing's turn).
 */
export async function unchangedStamps(paths: readonly string[], known: readonly FileStamp[], between?: () => Promise<void> | undefined): Promise<boolean[]> {
  const out = new Array<boolean>(paths.length).fill(false);
  const same = (i: number, st: fs.Stats | undefined): boolean => {
    const k = known[i];
    return !!st && !!k && st.isFile() && st.mtimeMs === k.mtimeMs && st.size === k.size;
  };
  let i = 0;
  while (i < paths.length) {
    if (i > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await between?.();
    }
    const started = monotonicMs();
    const end = Math.min(paths.length, i + STAT_SLICE);
    for (; i < end; i++) {
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(paths[i]!, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      out[i] = same(i, st);
    }
    if (monotonicMs() - started > SLICE_BUDGET_MS) break;
  }
  if (i < paths.length) {
    const rest = paths.slice(i);
    const results = await asyncStats(rest);
    results.forEach((st, j) => (out[i + j] = same(i + j, st)));
  }
  return out;
}

/** `fs.stat` of each path with plain callbacks (cheaper than a promise each), at most `concurrency` in flight. */
function asyncStats(paths: readonly string[], concurrency = 32): Promise<(fs.Stats | undefined)[]> {
  const out = new Array<fs.Stats | undefined>(paths.length);
  if (paths.length === 0) return Promise.resolve(out);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const start = (): void => {
      const i = next++;
      fs.stat(paths[i]!, (err, st) => {
        out[i] = err ? undefined : st;
        if (++done === paths.length) resolve(out);
        else if (next < paths.length) start();
      });
    };
    for (let lane = 0; lane < concurrency && next < paths.length; lane++) start();
  });
}

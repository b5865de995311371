// The files around a checked document: env files, scripts and `-r` requirement files are looked up
// relative to the project directory (the directory holding the MLproject), as MLflow does.
import fs from 'node:fs';
import path from 'node:path';

export interface ProjectFiles {
  /** False for documents with no directory on disk (untitled): file checks are then skipped. */
  readonly available: boolean;
  /** The project directory, when known. */
  readonly dir?: string;
  exists(relativePath: string): boolean;
  /** Names of the entries in the project directory. */
  siblings(): string[];
  readText(relativePath: string): string | undefined;
}

export const noProjectFiles: ProjectFiles = {
  available: false,
  exists: () => false,
  siblings: () => [],
  readText: () => undefined,
};

/** Reads the real file system, caching the directory listing for the life of the object. */
export function diskProjectFiles(dir: string): ProjectFiles {
  let listing: string[] | undefined;
  return {
    available: true,
    dir,
    exists: (relativePath) => fs.existsSync(path.resolve(dir, relativePath)),
    siblings: () => {
      if (!listing) {
        try {
          listing = fs.readdirSync(dir);
        } catch {
          listing = [];
        }
      }
      return listing;
    },
    readText: (relativePath) => {
      try {
        const target = path.resolve(dir, relativePath);
        if (fs.statSync(target).size > 1024 * 1024) return undefined;
        return fs.readFileSync(target, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** An in-memory project for tests and untitled buffers: relative path → content. */
export function memoryProjectFiles(files: Record<string, string>): ProjectFiles {
  const normalise = (p: string): string => path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
  const entries = new Map(Object.entries(files).map(([k, v]) => [normalise(k), v]));
  return {
    available: true,
    exists: (relativePath) => {
      const wanted = normalise(relativePath);
      return entries.has(wanted) || [...entries.keys()].some((k) => k.startsWith(`${wanted}/`));
    },
    siblings: () => [...new Set([...entries.keys()].map((k) => k.split('/')[0]!))],
    readText: (relativePath) => entries.get(normalise(relativePath)),
  };
}

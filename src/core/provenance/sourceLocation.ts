/**
 * Which file and commit a run's code came from, read from MLflow's tags, and where that file is on
 * this machine. MLflow records `mlflow.source.name` as the path the script had where it ran (often
 * another machine's absolute path), so the file is found by the longest tail of that path that
 * exists under one of the given roots (the workspace's folders or repositories).
 */
import path from 'node:path';
import type { KeyValue } from '../model/entities';

export interface CodeProvenance {
  commit: string;
  /** The tag as MLflow wrote it. */
  sourceName: string;
  repoUrl?: string;
}

export type ProvenanceResult = { ok: true; provenance: CodeProvenance } | { ok: false; reason: string };

const COMMIT = /^[0-9a-f]{7,64}$/i;

/** The commit and source file of a run, or why there are none (reasons name the missing tag). */
export function codeProvenance(tags: readonly KeyValue[]): ProvenanceResult {
  const tag = (key: string) => tags.find((t) => t.key === key)?.value.trim();
  const commit = tag('mlflow.source.git.commit');
  const sourceName = tag('mlflow.source.name');
  if (!commit) return { ok: false, reason: 'the run has no mlflow.source.git.commit tag (it was not started from a git checkout)' };
  if (!COMMIT.test(commit)) return { ok: false, reason: `mlflow.source.git.commit '${commit.slice(0, 80)}' is not a git commit id` };
  if (!sourceName) return { ok: false, reason: 'the run has no mlflow.source.name tag' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(sourceName) && !/^file:\/\//i.test(sourceName)) {
    return { ok: false, reason: `the run's source '${sourceName}' is a project URL, not a file` };
  }
  const repoUrl = tag('mlflow.source.git.repoURL') ?? tag('mlflow.gitRepoURL');
  return { ok: true, provenance: { commit: commit.toLowerCase(), sourceName, ...(repoUrl ? { repoUrl } : {}) } };
}

/** The recorded path's segments (`file://` and Windows drive letters understood). */
export function sourceSegments(sourceName: string): { absolute: boolean; segments: string[] } {
  let p = sourceName.replace(/^file:\/\//i, '');
  try {
    if (p !== sourceName) p = decodeURIComponent(p);
  } catch {
    // A malformed escape is kept as written.
  }
  p = p.replace(/\\/g, '/');
  const absolute = p.startsWith('/') || /^[a-zA-Z]:\//.test(p);
  const segments = p
    .replace(/^[a-zA-Z]:\//, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  return { absolute, segments };
}

/**
 * The file the run's source names, under one of `roots`: the recorded absolute path itself when it
 * is inside a root, else the longest tail of it found under a root (`/home/dev/proj/src/train.py`
 * → `<root>/src/train.py`, then `<root>/train.py`). `..` segments never take part.
 */
export function locateSourceFile(sourceName: string, roots: readonly string[], isFile: (p: string) => boolean): string | undefined {
  const { absolute, segments } = sourceSegments(sourceName);
  if (segments.length === 0 || segments.includes('..')) return undefined;
  if (absolute && path.sep === '/') {
    const recorded = `/${segments.join('/')}`;
    if (roots.some((r) => isWithin(r, recorded)) && isFile(recorded)) return recorded;
  }
  for (let start = 0; start < segments.length; start++) {
    for (const root of roots) {
      const candidate = path.join(root, ...segments.slice(start));
      if (isWithin(root, candidate) && isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isWithin(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `3f2a…` → `3f2a1b7` for messages and titles. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

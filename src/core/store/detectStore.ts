/**
 * Finds the tracking store to show when none is configured, as MLflow would: `MLFLOW_TRACKING_URI`,
 * then `<folder>/mlruns` holding experiments, then `<folder>/mlflow.db`. Says what it found and
 * why (the status bar tooltip shows it). Reads nothing but directory entries through `probe`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../log';
import { decodeLocation } from './locationUri';

export interface DetectedStore {
  /** Tracking URI to open (`MLFLOW_TRACKING_URI` verbatim, a folder path, or a `sqlite:` URI). */
  uri: string;
  source: 'env' | 'mlruns' | 'sqlite';
  /** One sentence for users: what was found and why it was chosen. */
  reason: string;
  /** Folder relative URIs are relative to. */
  cwd?: string;
  /** False when the store was found but cannot be opened here (Databricks, databases other than SQLite). */
  supported: boolean;
}

export interface DetectionResult {
  store?: DetectedStore;
  /** Every place looked at, in order (for "no store found" messages). */
  tried: string[];
}

/** The file-system questions detection asks; replaceable in tests. */
export interface DetectProbe {
  isDir(p: string): boolean;
  isFile(p: string): boolean;
  listDirs(p: string): string[];
}

export const nodeProbe: DetectProbe = {
  isDir: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  listDirs: (p) => {
    try {
      return fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return [];
    }
  },
};

/** `mlruns` holds tracking data: a digit-named folder with a meta.yaml (MLflow 3.7's own test). */
export function hasExperiments(dir: string, probe: DetectProbe = nodeProbe): boolean {
  return probe.listDirs(dir).some((d) => /^\d+$/.test(d) && probe.isFile(path.join(dir, d, 'meta.yaml')));
}

/** Schemes openStore opens besides paths and `file:` URIs. */
const OPENABLE_SCHEMES = new Set(['sqlite', 'http', 'https']);

/** Whether `uri` names a store this version opens: a path, `file:`, `sqlite:` or `http(s):`. */
export function isSupportedUri(uri: string): boolean {
  // MLflow reads the bare word `databricks` (and `databricks-uc`) as Databricks, not as a folder.
  if (/^databricks(-uc)?$/i.test(uri.trim())) return false;
  const location = decodeLocation(uri);
  return location.kind === 'local' || (location.kind === 'remote' && OPENABLE_SCHEMES.has(location.scheme));
}

export function detectStore(folders: readonly string[], env: Readonly<Record<string, string | undefined>>, probe: DetectProbe = nodeProbe): DetectionResult {
  const tried: string[] = [];
  const envUri = env.MLFLOW_TRACKING_URI?.trim();
  tried.push('MLFLOW_TRACKING_URI');
  if (envUri) {
    const store: DetectedStore = {
      uri: envUri,
      source: 'env',
      // The reason is shown in the UI: any user-info (password or token) is masked.
      reason: `MLFLOW_TRACKING_URI is set to ${redact(envUri)}.`,
      supported: isSupportedUri(envUri),
    };
    if (folders[0]) store.cwd = folders[0];
    return { store, tried };
  }
  for (const folder of folders) {
    const mlruns = path.join(folder, 'mlruns');
    const db = path.join(folder, 'mlflow.db');
    tried.push(mlruns);
    const isDir = probe.isDir(mlruns);
    if (isDir && hasExperiments(mlruns, probe)) {
      return { store: { uri: mlruns, source: 'mlruns', cwd: folder, supported: true, reason: `${mlruns} holds MLflow experiments.` }, tried };
    }
    tried.push(db);
    if (probe.isFile(db)) {
      const why = isDir ? ` (${mlruns} holds no experiment meta.yaml: artifacts only)` : '';
      return {
        store: { uri: `sqlite:///${db.split(path.sep).join('/')}`, source: 'sqlite', cwd: folder, supported: true, reason: `${db} is an MLflow SQLite store${why}.` },
        tried,
      };
    }
    if (isDir) {
      const dirs = probe.listDirs(mlruns);
      if (dirs.includes('.trash') || dirs.includes('0')) {
        return { store: { uri: mlruns, source: 'mlruns', cwd: folder, supported: true, reason: `${mlruns} looks like an MLflow store (it has ${dirs.includes('0') ? 'experiment 0' : '.trash'}).` }, tried };
      }
    }
  }
  return { tried };
}

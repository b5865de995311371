/**
 * Reads one run folder of a file store: `meta.yaml` → RunInfo, and `params/`, `metrics/`, `tags/`
 * → RunData. Pure over a `ReadFs`, so the same code runs in the extension host (async fs) and in
 * the index workers (sync fs). A broken entry becomes a `StoreProblem`, never an exception.
 */
import type { DatasetInput, KeyValue, Metric, RunInfo } from '../../model/entities';
import type { RunDataSelection } from '../trackingStore';
import type { StoreProblem } from '../storeErrors';
import { latestOfFile } from './metricFile';
import type { FileStamp, ReadFs } from './readFs';
import { MetaError, parseMetaYaml, runInfoFromMeta, needsRunNameTag } from './yamlMeta';

/** Where a run folder is and which experiment folder holds it. */
export interface RunLocation {
  /** Absolute path of the run folder. */
  runDir: string;
  /** The run folder's name (usually the run id). */
  folder: string;
  /** The experiment folder's name (the experiment id). */
  experimentId: string;
  /** The experiment lies under `.trash/`: the run is deleted whatever its meta.yaml says. */
  inTrash: boolean;
}

export type RunInfoResult =
  | { kind: 'info'; info: RunInfo; stamp: FileStamp }
  /** The folder is not a run (no meta.yaml): skipped silently, as MLflow does. */
  | { kind: 'notRun' }
  | { kind: 'problem'; problem: StoreProblem }
  /** meta.yaml still has the stamp the caller knew. */
  | { kind: 'unchanged' };

/** The parts of a run a read can select: `run.data` parts plus dataset inputs. */
export interface ReadSelection extends RunDataSelection {
  inputs?: boolean;
}

export interface RunDataResult {
  params?: KeyValue[];
  metrics?: Metric[];
  tags?: KeyValue[];
  inputs?: DatasetInput[];
  /** Problems met while reading each part. */
  problems: PartProblems;
}

export interface PartProblems {
  params?: StoreProblem[];
  metrics?: StoreProblem[];
  tags?: StoreProblem[];
  inputs?: StoreProblem[];
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads a run's meta.yaml (and tag `mlflow.runName` when the meta has no name). */
export async function readRunInfo(fs: ReadFs, loc: RunLocation, knownStamp?: FileStamp): Promise<RunInfoResult> {
  const metaPath = `${loc.runDir}/meta.yaml`;
  if (knownStamp) {
    try {
      const st = await fs.stamp(metaPath);
      if (st && st.mtimeMs === knownStamp.mtimeMs && st.size === knownStamp.size) return { kind: 'unchanged' };
    } catch {
      // fall through to a full read, which reports the error
    }
  }
  let read: { text: string; stamp: FileStamp } | undefined;
  try {
    read = await fs.readTextWithStamp(metaPath);
  } catch (e) {
    return { kind: 'problem', problem: runProblem(loc, metaPath, `cannot read meta.yaml: ${errText(e)}`) };
  }
  if (read === undefined) return { kind: 'notRun' };
  try {
    const meta = parseMetaYaml(read.text);
    let runNameTag: string | undefined;
    if (needsRunNameTag(meta)) {
      runNameTag = await fs.readText(`${loc.runDir}/tags/mlflow.runName`).catch(() => undefined);
    }
    const info = runInfoFromMeta(meta, loc.folder, loc.experimentId, loc.inTrash, runNameTag);
    return { kind: 'info', info, stamp: read.stamp };
  } catch (e) {
    if (e instanceof MetaError) return { kind: 'problem', problem: runProblem(loc, metaPath, `run skipped: ${e.message}`) };
    throw e;
  }
}

function runProblem(loc: RunLocation, location: string, message: string, scope: StoreProblem['scope'] = 'run'): StoreProblem {
  return { location, message, scope, experimentId: loc.experimentId, runId: loc.folder };
}

/** Every file under `dir`, recursively, as `/`-joined keys relative to `dir`, sorted. */
export async function listKeys(fs: ReadFs, dir: string, problems: StoreProblem[], scope: Omit<StoreProblem, 'location' | 'message'>): Promise<string[]> {
  const keys: string[] = [];
  async function walk(sub: string, prefix: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(sub);
    } catch (e) {
      problems.push({ ...scope, location: sub, message: `cannot list folder: ${errText(e)}` });
      return;
    }
    if (!entries) return;
    for (const e of entries) {
      if (e.isFile) keys.push(prefix + e.name);
      else if (e.isDir && depth < 32) await walk(`${sub}/${e.name}`, `${prefix}${e.name}/`, depth + 1);
    }
  }
  await walk(dir, '', 0);
  return keys.sort();
}

/** `key → whole file content` for every file under `dir` (params, tags: no trailing newline, never trimmed). */
export async function readKeyValues(
  fs: ReadFs,
  dir: string,
  problems: StoreProblem[],
  scope: Omit<StoreProblem, 'location' | 'message'>,
): Promise<KeyValue[]> {
  const keys = await listKeys(fs, dir, problems, scope);
  const out: KeyValue[] = [];
  for (const key of keys) {
    try {
      const value = await fs.readText(`${dir}/${key}`);
      if (value !== undefined) out.push({ key, value });
    } catch (e) {
      problems.push({ ...scope, location: `${dir}/${key}`, message: `cannot read '${key}': ${errText(e)}` });
    }
  }
  return out;
}

/** Latest value of every metric of a run (max of (step, timestamp, value) per key). */
export async function readLatestMetrics(fs: ReadFs, loc: RunLocation, runId: string, problems: StoreProblem[]): Promise<Metric[]> {
  const dir = `${loc.runDir}/metrics`;
  const scope = { scope: 'value' as const, experimentId: loc.experimentId, runId };
  const keys = await listKeys(fs, dir, problems, scope);
  const out: Metric[] = [];
  for (const key of keys) {
    const file = `${dir}/${key}`;
    let text: string | undefined;
    try {
      text = await fs.readText(file);
    } catch (e) {
      problems.push({ ...scope, location: file, message: `cannot read metric '${key}': ${errText(e)}` });
      continue;
    }
    if (text === undefined) continue;
    const parsed = latestOfFile(key, text);
    for (const p of parsed.problems) problems.push({ ...scope, location: file, message: `metric '${key}': ${p.message}` });
    if (parsed.latest) out.push(parsed.latest);
  }
  return out;
}

type Dataset = DatasetInput['dataset'];

/** Dataset records of an experiment (`<exp>/datasets/<id>/meta.yaml`), by experiment folder. */
export type DatasetCache = Map<string, Promise<Dataset | undefined>>;

async function readDataset(fs: ReadFs, file: string): Promise<Dataset | undefined> {
  const text = await fs.readText(file).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const meta = parseMetaYaml(text);
    const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
    const dataset: Dataset = { name: str(meta.name), digest: str(meta.digest), source_type: str(meta.source_type), source: str(meta.source) };
    if (meta.schema !== undefined && meta.schema !== null) dataset.schema = str(meta.schema);
    if (meta.profile !== undefined && meta.profile !== null) dataset.profile = str(meta.profile);
    return dataset;
  } catch {
    return undefined;
  }
}

/**
 * The run's dataset inputs (MLflow 2.4+): `inputs/<id>/meta.yaml` with `source_type: DATASET`
 * naming a record of the experiment's `datasets/` folder; its `tags` map holds the context.
 */
export async function readRunInputs(fs: ReadFs, loc: RunLocation, runId: string, problems: StoreProblem[], cache: DatasetCache = new Map()): Promise<DatasetInput[]> {
  const dir = `${loc.runDir}/inputs`;
  let entries;
  try {
    entries = await fs.readdir(dir);
  } catch (e) {
    problems.push({ scope: 'value', location: dir, experimentId: loc.experimentId, runId, message: `cannot list dataset inputs: ${errText(e)}` });
    return [];
  }
  if (!entries) return [];
  const out: DatasetInput[] = [];
  const experimentDir = loc.runDir.slice(0, loc.runDir.length - loc.folder.length - 1);
  for (const e of entries.filter((x) => x.isDir).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = `${dir}/${e.name}/meta.yaml`;
    let meta: Record<string, unknown>;
    try {
      const text = await fs.readText(file);
      if (text === undefined) continue;
      meta = parseMetaYaml(text);
    } catch (err) {
      problems.push({ scope: 'value', location: file, experimentId: loc.experimentId, runId, message: `dataset input skipped: ${errText(err)}` });
      continue;
    }
    if (meta.source_type !== 'DATASET' || typeof meta.source_id !== 'string') continue;
    const key = `${experimentDir}/datasets/${meta.source_id}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = readDataset(fs, `${key}/meta.yaml`);
      cache.set(key, pending);
    }
    const dataset = await pending;
    if (!dataset) {
      problems.push({ scope: 'value', location: `${key}/meta.yaml`, experimentId: loc.experimentId, runId, message: `dataset input '${e.name}' names a missing or unreadable dataset record` });
      continue;
    }
    const tagMap = meta.tags && typeof meta.tags === 'object' && !Array.isArray(meta.tags) ? (meta.tags as Record<string, unknown>) : {};
    const tags = Object.keys(tagMap)
      .sort()
      .map((k) => ({ key: k, value: String(tagMap[k] ?? '') }));
    out.push({ tags, dataset: { ...dataset } });
  }
  return out;
}

/** Reads the selected parts of a run's data. */
export async function readRunData(fs: ReadFs, loc: RunLocation, runId: string, include: ReadSelection, datasets?: DatasetCache): Promise<RunDataResult> {
  const problems: PartProblems = {};
  const result: RunDataResult = { problems };
  const scope = { scope: 'value' as const, experimentId: loc.experimentId, runId };
  if (include.params) result.params = await readKeyValues(fs, `${loc.runDir}/params`, (problems.params = []), scope);
  if (include.metrics) result.metrics = await readLatestMetrics(fs, loc, runId, (problems.metrics = []));
  if (include.tags) result.tags = await readKeyValues(fs, `${loc.runDir}/tags`, (problems.tags = []), scope);
  if (include.inputs) result.inputs = await readRunInputs(fs, loc, runId, (problems.inputs = []), datasets);
  return result;
}

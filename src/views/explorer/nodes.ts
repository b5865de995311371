/**
 * The explorer's tree as plain data, and the pure builders that turn store entities into it.
 * No `vscode` here: `treeItems.ts` maps these nodes to TreeItems, and the unit tests use them directly.
 * Every node carries a stable `id` (kept as `TreeItem.id`) so expansion and selection survive refreshes.
 */
import { runDatasets, type DatasetSummary } from '../../core/datasets/datasetInputs';
import type { Experiment, FileInfo, KeyValue, Metric, Run } from '../../core/model/entities';
import { RunTags, tagValue } from '../../core/model/entities';
import type { LoggedModel } from '../../core/registry/loggedModel';
import type { StoreProblem } from '../../core/store/storeErrors';
import type { FilterMatches } from './filterMatchCounts';
import type { ShownKey } from './sortValue';

export interface ExperimentNode {
  kind: 'experiment';
  id: string;
  experimentId: string;
  experiment: Experiment;
  /** Runs in the experiment (for the current show-deleted choice), once the store has told. */
  runCount?: number;
  /** With a run filter, how many of them match (`filterMatchCounts.ts`), once counted. */
  matches?: FilterMatches;
  /** Inside a folder, the rest of its name after the folders' (`experimentFolders.ts`). */
  shortName?: string;
  /** Its place among the experiment rows as the tree orders them, folders expanded (`folderRows.ts`). */
  treeOrder?: number;
}

/** A folder of experiments named `team/project/exp` (`experimentFolders.ts`). */
export interface FolderNode {
  kind: 'folder';
  id: string;
  name: string;
  /** The folder's path as the names spell it (`team/vision`). */
  path: string;
  /** Every experiment shown inside, at any depth, in the tree's order: what Open Runs Table lists for the folder. */
  experimentIds: string[];
  /** The same experiments' rows, whose counts add up to the folder's. */
  experiments: ExperimentNode[];
}

export interface RunNode {
  kind: 'run';
  id: string;
  runId: string;
  experimentId: string;
  run: Run;
  /** Runs whose `mlflow.parentRunId` is this run, among the runs loaded so far. */
  childRuns: RunNode[];
  /** The metric or parameter the runs are sorted by, whose value the row shows (`sortValue.ts`). */
  shownKey?: ShownKey;
}

/** `systemTags` is the collapsed group of `mlflow.*` tags inside Tags, as MLflow's UI keeps them apart. */
export type RunSection = 'params' | 'metrics' | 'tags' | 'systemTags' | 'datasets' | 'loggedModels' | 'artifacts';

export interface RunSectionNode {
  kind: 'section';
  id: string;
  section: RunSection;
  runId: string;
  /** Carried down to the artifacts, whose editors show it. */
  runName?: string;
}

export interface ParamNode {
  kind: 'param';
  id: string;
  runId: string;
  key: string;
  value: string;
}

/** A metric's latest value; `runId` + `metricKey` identify the series for charts. */
export interface MetricNode {
  kind: 'metric';
  id: string;
  runId: string;
  metricKey: string;
  metric: Metric;
}

export interface TagNode {
  kind: 'tag';
  id: string;
  runId: string;
  key: string;
  value: string;
}

/** One dataset input of a run (name, digest, context, source…), read from the run's details. */
export interface DatasetNode {
  kind: 'dataset';
  id: string;
  runId: string;
  dataset: DatasetSummary;
}

/** An MLflow 3 logged model of the run (its `source_run_id`), shown as the Models view shows it. */
export interface RunLoggedModelNode {
  kind: 'loggedModel';
  id: string;
  runId: string;
  model: LoggedModel;
}

export interface ArtifactNode {
  kind: 'artifact';
  id: string;
  runId: string;
  runName?: string;
  /** Relative to the run's artifact root, `/`-separated. */
  path: string;
  isDir: boolean;
  size?: number;
}

/** "Load more": the next page of experiments (parentId undefined) or of one experiment's runs. */
export interface LoadMoreNode {
  kind: 'loadMore';
  id: string;
  parentId?: string;
  loaded: number;
  /** All the matches, when the store can tell; a server cannot. */
  total?: number;
}

/** A problem shown in place of what could not be read: never an empty tree, never a toast. */
export interface ProblemNode {
  kind: 'problem';
  id: string;
  severity: 'warning' | 'error';
  message: string;
  location?: string;
  /** What clicking the item offers: entering credentials after a server refused them. */
  action?: 'enterCredentials';
}

/** A plain informative line ("No runs", "No artifacts"). */
export interface MessageNode {
  kind: 'message';
  id: string;
  message: string;
}

export type ExplorerNode =
  | FolderNode
  | ExperimentNode
  | RunNode
  | RunSectionNode
  | ParamNode
  | MetricNode
  | TagNode
  | DatasetNode
  | RunLoggedModelNode
  | ArtifactNode
  | LoadMoreNode
  | ProblemNode
  | MessageNode;

export const SECTION_TITLES: Record<RunSection, string> = {
  params: 'Parameters',
  metrics: 'Metrics',
  tags: 'Tags',
  systemTags: 'System tags',
  datasets: 'Datasets',
  loggedModels: 'Logged models',
  artifacts: 'Artifacts',
};

export function experimentNode(experiment: Experiment, runCount?: number, shortName?: string): ExperimentNode {
  return {
    kind: 'experiment',
    id: `exp:${experiment.experiment_id}`,
    experimentId: experiment.experiment_id,
    experiment,
    // Set even when unknown: the provider updates shown nodes in place, and a stale count (or a
    // folder's short name, once folders are turned off) must go.
    runCount,
    shortName,
  };
}

export function parentRunId(run: Run): string | undefined {
  const parent = tagValue(run.data.tags, RunTags.parentRunId);
  return parent && parent !== run.info.run_id ? parent : undefined;
}

/**
 * Nests runs under their parents (`mlflow.parentRunId`), keeping the store's order at every level.
 * A run whose parent is not among `runs` (on a later page, deleted and hidden, or in a cycle) is a root.
 */
export function buildRunForest(runs: readonly Run[]): RunNode[] {
  const nodes = new Map<string, RunNode>();
  for (const run of runs) {
    if (nodes.has(run.info.run_id)) continue;
    nodes.set(run.info.run_id, {
      kind: 'run',
      id: `run:${run.info.run_id}`,
      runId: run.info.run_id,
      experimentId: run.info.experiment_id,
      run,
      childRuns: [],
    });
  }
  const roots: RunNode[] = [];
  for (const node of nodes.values()) {
    const parentId = parentRunId(node.run);
    const parent = parentId !== undefined ? nodes.get(parentId) : undefined;
    if (parent && !isAncestor(node.runId, parent, nodes)) parent.childRuns.push(node);
    else roots.push(node);
  }
  return roots;
}

/** True when `runId` is `start` or one of its ancestors: attaching would make a cycle. */
function isAncestor(runId: string, start: RunNode, nodes: Map<string, RunNode>): boolean {
  const seen = new Set<string>();
  let current: RunNode | undefined = start;
  while (current && !seen.has(current.runId)) {
    if (current.runId === runId) return true;
    seen.add(current.runId);
    const up = parentRunId(current.run);
    current = up !== undefined ? nodes.get(up) : undefined;
  }
  return false;
}

function sectionNode(runId: string, section: RunSection, runName: string | undefined): RunSectionNode {
  return { kind: 'section', id: `run:${runId}/${section}`, section, runId, ...(runName ? { runName } : {}) };
}

/**
 * Datasets is listed only for a run whose listing carries dataset inputs (most runs log none), and
 * Logged models only for a run that logged MLflow 3 models.
 */
export function runSectionNodes(runId: string, runName?: string, hasDatasets = false, hasLoggedModels = false): RunSectionNode[] {
  const sections: RunSection[] = ['params', 'metrics', 'tags'];
  if (hasDatasets) sections.push('datasets');
  if (hasLoggedModels) sections.push('loggedModels');
  sections.push('artifacts');
  return sections.map((section) => sectionNode(runId, section, runName));
}

/** A run's own sections first, then its child runs: a parent's data stays next to it however many children it has. */
export function runChildNodes(node: RunNode, hasLoggedModels = false): ExplorerNode[] {
  const hasDatasets = (node.run.inputs?.dataset_inputs.length ?? 0) > 0;
  const runName = node.run.info.run_name || tagValue(node.run.data.tags, RunTags.runName);
  return [...runSectionNodes(node.runId, runName, hasDatasets, hasLoggedModels), ...node.childRuns];
}

/** The Logged models section: the run's MLflow 3 logged models, in the store's order. */
export function runLoggedModelNodes(runId: string, models: readonly LoggedModel[]): RunLoggedModelNode[] {
  return models.map((model) => ({ kind: 'loggedModel', id: `run:${runId}/loggedModels/${model.info.model_id}`, runId, model }));
}

/** The Datasets section: one row per dataset input, by name. */
export function datasetNodes(run: Run): DatasetNode[] {
  const runId = run.info.run_id;
  return runDatasets(run).map((dataset, i) => ({ kind: 'dataset', id: `run:${runId}/datasets/${i}:${dataset.name}:${dataset.digest}`, runId, dataset }));
}

/** MLflow's own tags (`mlflow.user`, `mlflow.log-model.history`…), kept apart from the user's. */
export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.');
}

/** The Tags section: the user's tags, then the collapsed System tags group when there are any. */
export function tagSectionNodes(runId: string, tags: readonly KeyValue[]): ExplorerNode[] {
  const nodes: ExplorerNode[] = tagNodes(runId, tags.filter((t) => !isSystemTag(t.key)));
  if (tags.some((t) => isSystemTag(t.key))) nodes.push(sectionNode(runId, 'systemTags', undefined));
  return nodes;
}

export function systemTagNodes(runId: string, tags: readonly KeyValue[]): TagNode[] {
  return tagNodes(runId, tags.filter((t) => isSystemTag(t.key)));
}

const byKey = (a: KeyValue, b: KeyValue) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function paramNodes(runId: string, params: readonly KeyValue[]): ParamNode[] {
  return [...params].sort(byKey).map((p) => ({
    kind: 'param',
    id: `run:${runId}/params/${p.key}`,
    runId,
    key: p.key,
    value: p.value,
  }));
}

export function tagNodes(runId: string, tags: readonly KeyValue[]): TagNode[] {
  return [...tags].sort(byKey).map((t) => ({
    kind: 'tag',
    id: `run:${runId}/tags/${t.key}`,
    runId,
    key: t.key,
    value: t.value,
  }));
}

export function metricNodes(runId: string, metrics: readonly Metric[]): MetricNode[] {
  return [...metrics]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((m) => ({ kind: 'metric', id: `run:${runId}/metrics/${m.key}`, runId, metricKey: m.key, metric: m }));
}

/** One level of the artifact tree: folders first, then files, each alphabetically. */
export function artifactNodes(runId: string, files: readonly FileInfo[], runName?: string): ArtifactNode[] {
  return [...files]
    .sort((a, b) => (a.is_dir !== b.is_dir ? (a.is_dir ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => ({
      kind: 'artifact',
      id: `run:${runId}/artifacts/${f.path}`,
      runId,
      ...(runName ? { runName } : {}),
      path: f.path,
      isDir: f.is_dir,
      ...(f.file_size !== undefined ? { size: f.file_size } : {}),
    }));
}

export function problemNodes(parentId: string, problems: readonly StoreProblem[]): ProblemNode[] {
  return problems.map((p, i) => ({
    kind: 'problem',
    id: `${parentId}/problem:${i}:${p.location}`,
    severity: 'warning',
    message: p.message,
    location: p.location,
  }));
}

export function errorNode(parentId: string, message: string, location?: string, action?: ProblemNode['action']): ProblemNode {
  return {
    kind: 'problem',
    id: `${parentId}/error`,
    severity: 'error',
    message,
    ...(location !== undefined ? { location } : {}),
    ...(action !== undefined ? { action } : {}),
  };
}

export function messageNode(parentId: string, message: string): MessageNode {
  return { kind: 'message', id: `${parentId}/message`, message };
}

export function loadMoreNode(parentId: string | undefined, loaded: number, total?: number): LoadMoreNode {
  return {
    kind: 'loadMore',
    id: `${parentId ?? 'root'}/loadMore`,
    ...(parentId !== undefined ? { parentId } : {}),
    loaded,
    total,
  };
}

/** The last segment of an artifact path, for its label. */
export function baseName(artifactPath: string): string {
  const trimmed = artifactPath.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

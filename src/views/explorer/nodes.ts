/**
 * The explorer's tree as plain data, and the pure builders that turn store entities into it.
 * No `vscode` here: `treeItems.ts` maps these nodes to TreeItems, and the unit tests use them directly.
 * Every node carries a stable `id` (kept as `TreeItem.id`) so expansion and selection survive refreshes.
 */
import type { Experiment, FileInfo, KeyValue, Metric, Run } from '../../core/model/entities';
import { RunTags, tagValue } from '../../core/model/entities';
import type { StoreProblem } from '../../core/store/storeErrors';

export interface ExperimentNode {
  kind: 'experiment';
  id: string;
  experimentId: string;
  experiment: Experiment;
}

export interface RunNode {
  kind: 'run';
  id: string;
  runId: string;
  experimentId: string;
  run: Run;
  /** Runs whose `mlflow.parentRunId` is this run, among the runs loaded so far. */
  childRuns: RunNode[];
}

export type RunSection = 'params' | 'metrics' | 'tags' | 'artifacts';

export interface RunSectionNode {
  kind: 'section';
  id: string;
  section: RunSection;
  runId: string;
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

export interface ArtifactNode {
  kind: 'artifact';
  id: string;
  runId: string;
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
  | ExperimentNode
  | RunNode
  | RunSectionNode
  | ParamNode
  | MetricNode
  | TagNode
  | ArtifactNode
  | LoadMoreNode
  | ProblemNode
  | MessageNode;

export const SECTION_TITLES: Record<RunSection, string> = {
  params: 'Parameters',
  metrics: 'Metrics',
  tags: 'Tags',
  artifacts: 'Artifacts',
};

export function experimentNode(experiment: Experiment): ExperimentNode {
  return {
    kind: 'experiment',
    id: `exp:${experiment.experiment_id}`,
    experimentId: experiment.experiment_id,
    experiment,
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

export function runSectionNodes(runId: string): RunSectionNode[] {
  return (['params', 'metrics', 'tags', 'artifacts'] as const).map((section) => ({
    kind: 'section',
    id: `run:${runId}/${section}`,
    section,
    runId,
  }));
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
export function artifactNodes(runId: string, files: readonly FileInfo[]): ArtifactNode[] {
  return [...files]
    .sort((a, b) => (a.is_dir !== b.is_dir ? (a.is_dir ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => ({
      kind: 'artifact',
      id: `run:${runId}/artifacts/${f.path}`,
      runId,
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

export function loadMoreNode(parentId: string | undefined, loaded: number): LoadMoreNode {
  return {
    kind: 'loadMore',
    id: `${parentId ?? 'root'}/loadMore`,
    ...(parentId !== undefined ? { parentId } : {}),
    loaded,
  };
}

/** The last segment of an artifact path, for its label. */
export function baseName(artifactPath: string): string {
  const trimmed = artifactPath.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

/**
 * What a run's sections list: its Parameters, Metrics, Tags (with the System tags group) and Datasets
 * from the run's details, its MLflow 3 Logged models, and its Artifacts folder by folder. An empty section
 * says so in a message row.
 */
import type { TrackingStore } from '../../core/store/trackingStore';
import type { ListingCache } from './listingCache';
import type { ArtifactNode, ExplorerNode, RunNode, RunSectionNode } from './nodes';
import {
  artifactNodes,
  datasetNodes,
  errorNode,
  messageNode,
  metricNodes,
  paramNodes,
  problemNodes,
  runChildNodes,
  runLoggedModelNodes,
  systemTagNodes,
  tagSectionNodes,
} from './nodes';
import type { RunLoggedModels } from './runLoggedModels';
import { errorLocationOf, errorMessageOf } from './storeErrorText';

const EMPTY_SECTION = {
  params: 'No parameters',
  metrics: 'No metrics',
  tags: 'No tags',
  systemTags: 'No system tags',
  datasets: 'No dataset inputs',
  loggedModels: 'No logged models',
} as const;

/**
 * A run's sections and child runs. Logged models are looked up here, on expand, so the run listing never
 * pays for them; a failed lookup leaves the section out and says why in a warning row naming the store.
 */
export async function runChildren(store: TrackingStore | undefined, loggedModels: RunLoggedModels, node: RunNode): Promise<ExplorerNode[]> {
  if (!store?.searchLoggedModels) return runChildNodes(node);
  try {
    const found = await loggedModels.ofExperiment(store, node.experimentId);
    const nodes = runChildNodes(node, (found.byRun.get(node.runId)?.length ?? 0) > 0);
    return found.problems.length ? [...nodes, ...problemNodes(node.id, found.problems)] : nodes;
  } catch (err) {
    const problem = errorNode(`${node.id}/loggedModels`, `Logged models not listed: ${errorMessageOf(err)}`, errorLocationOf(err) ?? store.uri);
    return [...runChildNodes(node), { ...problem, severity: 'warning' }];
  }
}

export async function sectionChildren(store: TrackingStore, listings: ListingCache, node: RunSectionNode, loggedModels?: RunLoggedModels): Promise<ExplorerNode[]> {
  if (node.section === 'artifacts') return artifactChildren(store, node.runId, '', node.id, node.runName);
  if (node.section === 'loggedModels') {
    const run = await listings.runDetail(store, node.runId);
    const models = loggedModels ? await loggedModels.ofRun(store, run.info.experiment_id, node.runId) : [];
    return models.length ? runLoggedModelNodes(node.runId, models) : [messageNode(node.id, EMPTY_SECTION.loggedModels)];
  }
  const run = await listings.runDetail(store, node.runId);
  const children: ExplorerNode[] =
    node.section === 'params'
      ? paramNodes(node.runId, run.data.params)
      : node.section === 'metrics'
        ? metricNodes(node.runId, run.data.metrics)
        : node.section === 'tags'
          ? tagSectionNodes(node.runId, run.data.tags)
          : node.section === 'datasets'
            ? datasetNodes(run)
            : systemTagNodes(node.runId, run.data.tags);
  return children.length ? children : [messageNode(node.id, EMPTY_SECTION[node.section])];
}

/** One level of a run's artifacts (`artifactPath` '' is the root, which may be out of reach). */
export async function artifactChildren(
  store: TrackingStore,
  runId: string,
  artifactPath: string,
  parentId: string,
  runName: string | undefined,
): Promise<ExplorerNode[]> {
  if (artifactPath === '') {
    const root = await store.getArtifactRoot(runId);
    if (!root.localPath && root.unavailableReason) {
      return [errorNode(parentId, root.unavailableReason, root.recordedUri)];
    }
  }
  const files = await store.listArtifacts(runId, artifactPath || undefined);
  const nodes: ArtifactNode[] = artifactNodes(runId, files, runName);
  return nodes.length ? nodes : [messageNode(parentId, 'No artifacts')];
}

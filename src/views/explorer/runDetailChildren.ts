/**
 * What a run's sections list: its Parameters, Metrics, Tags (with the System tags group) and Datasets
 * from the run's details, and its Artifacts folder by folder. An empty section says so in a message row.
 */
import type { TrackingStore } from '../../core/store/trackingStore';
import type { ListingCache } from './listingCache';
import type { ArtifactNode, ExplorerNode, RunSectionNode } from './nodes';
import { artifactNodes, datasetNodes, errorNode, messageNode, metricNodes, paramNodes, systemTagNodes, tagSectionNodes } from './nodes';

const EMPTY_SECTION = { params: 'No parameters', metrics: 'No metrics', tags: 'No tags', systemTags: 'No system tags', datasets: 'No dataset inputs' } as const;

export async function sectionChildren(store: TrackingStore, listings: ListingCache, node: RunSectionNode): Promise<ExplorerNode[]> {
  if (node.section === 'artifacts') return artifactChildren(store, node.runId, '', node.id, node.runName);
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

/**
 * How the runs table's sort becomes MLflow's `order_by` (applied by the store), or a sort the host
 * does itself where MLflow has no clause: a run's duration, a metric's min or max over its history.
 */
import { parseColumnId } from '../core/table/columns';
import type { MetricMode } from '../core/table/runsTableModel';
import type { RunsTableLayout, RunsTableSort } from '../shared/webviewProtocol';
import { quoteKey } from '../views/explorer/runQuery';

const ATTRIBUTE_ORDER: Record<string, string> = {
  name: 'attributes.run_name',
  status: 'attributes.status',
  start: 'attributes.start_time',
  user: 'attributes.user_id',
  source: 'tags.`mlflow.source.name`',
  version: 'tags.`mlflow.source.git.commit`',
};

export interface PlannedSort {
  /** Given to the store; undefined keeps MLflow's default (newest first). */
  orderBy?: string[];
  /** Done by the host on the store's default order when the store cannot. */
  localSort?: { columnId: string; ascending: boolean; mode: MetricMode };
}

export function planSort(sort: RunsTableSort | undefined, modeOf: (columnId: string) => MetricMode): PlannedSort {
  if (!sort) return {};
  const column = parseColumnId(sort.columnId);
  if (!column) return {};
  const direction = sort.ascending ? 'ASC' : 'DESC';
  const local = (): PlannedSort => ({ localSort: { columnId: sort.columnId, ascending: sort.ascending, mode: modeOf(sort.columnId) } });
  switch (column.kind) {
    case 'attribute': {
      const clause = ATTRIBUTE_ORDER[column.key];
      return clause ? { orderBy: [`${clause} ${direction}`] } : local();
    }
    case 'param':
      return { orderBy: [`params.${quoteKey(column.key)} ${direction}`] };
    case 'tag':
      return { orderBy: [`tags.${quoteKey(column.key)} ${direction}`] };
    case 'metric':
      return modeOf(sort.columnId) === 'latest' ? { orderBy: [`metrics.${quoteKey(column.key)} ${direction}`] } : local();
  }
}

/** The run name pinned (it names the row while panning); nothing hidden, moved or resized; metrics by their latest value. */
export function emptyLayout(): RunsTableLayout {
  return { hidden: [], pinned: ['attr:name'], order: [], widths: {}, metricModes: {}, directions: {} };
}

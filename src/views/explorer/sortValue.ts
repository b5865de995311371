/**
 * Runs sorted by a metric or parameter show that key's value in their row (`accuracy 0.9778 · 1
 * month ago`), so the order can be read. Pure: the provider marks the nodes, presentation reads them.
 */
import type { Run } from '../../core/model/entities';
import type { RunDataSelection } from '../../core/store/trackingStore';
import { readableNumber } from '../../shared/numberFormat';
import type { RunNode } from './nodes';
import type { RunSort } from './runQuery';

/** The metric or parameter a run row shows the value of. */
export interface ShownKey {
  entity: 'metric' | 'param';
  key: string;
}

const MAX_KEY = 32;
const MAX_VALUE = 32;
const METRIC_DIGITS = 4;

function clip(text: string, max: number): string {
  const line = text.replace(/\s*\r?\n\s*/g, ' ⏎ ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The key whose value the rows show for this sort; none for the attributes (time, name, status). */
export function shownKeyOf(sort: RunSort | undefined): ShownKey | undefined {
  return sort && sort.entity !== 'attribute' ? { entity: sort.entity, key: sort.key } : undefined;
}

/** What a run listing must read for its rows: tags always, the sort key's entity when it is one. */
export function runListingData(sort: RunSort | undefined): RunDataSelection {
  const shown = shownKeyOf(sort);
  return { tags: true, ...(shown?.entity === 'metric' ? { metrics: true } : {}), ...(shown?.entity === 'param' ? { params: true } : {}) };
}

/**
 * Marks every run of the forest (children included) with the key to show, or clears a mark left by
 * an earlier sort (the provider updates shown nodes in place, so the field is always assigned).
 */
export function markShownKey(forest: readonly RunNode[], sort: RunSort | undefined): void {
  const shown = shownKeyOf(sort);
  const visit = (nodes: readonly RunNode[]) => {
    for (const node of nodes) {
      node.shownKey = shown;
      visit(node.childRuns);
    }
  };
  visit(forest);
}

/** `accuracy 0.9778`, `C 1.0`; `accuracy —` for a run that did not log it (MLflow sorts those last). */
export function shownValueText(run: Run, shown: ShownKey): string {
  const label = clip(shown.key, MAX_KEY);
  if (shown.entity === 'metric') {
    const metric = run.data.metrics.find((m) => m.key === shown.key);
    return `${label} ${metric ? readableNumber(metric.value, METRIC_DIGITS) : '—'}`;
  }
  const param = run.data.params.find((p) => p.key === shown.key);
  return `${label} ${param ? clip(param.value, MAX_VALUE) : '—'}`;
}

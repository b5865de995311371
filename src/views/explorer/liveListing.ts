/**
 * Whether a listing read again from a server differs from the one the tree shows, so a poll repaints
 * only what changed (and nothing when nothing did). Pure comparisons over entities, no `vscode`.
 */
import type { Experiment, Run } from '../../core/model/entities';

interface Listing<T> {
  items: readonly T[];
  problems: readonly unknown[];
  nextPageToken?: string;
}

/** What the experiment rows show: ids, names, deleted state and tags (not `last_update_time`). */
export function experimentListingKey(listing: Listing<Experiment>): string {
  const rows = listing.items.map((e) => [e.experiment_id, e.name, e.lifecycle_stage, e.artifact_location, e.tags]);
  return JSON.stringify([rows, listing.problems.length, listing.nextPageToken !== undefined]);
}

/** Everything a run row and its children are built from (`runKey`). */
export function runListingKey(listing: Listing<Run>): string {
  return JSON.stringify([listing.items.map(runKey), listing.problems.length, listing.nextPageToken !== undefined]);
}

/** Ids of runs that are new, gone or different in `after` (their cached details are out of date). */
export function changedRunIds(before: readonly Run[], after: readonly Run[]): Set<string> {
  const old = new Map(before.map((r) => [r.info.run_id, runKey(r)]));
  const changed = new Set<string>();
  for (const run of after) {
    if (old.get(run.info.run_id) !== runKey(run)) changed.add(run.info.run_id);
    old.delete(run.info.run_id);
  }
  for (const gone of old.keys()) changed.add(gone);
  return changed;
}

/**
 * A run's info and tags; for a RUNNING run also its latest metrics and its params, which change while it
 * logs (a server lists them with every run), so an expanded Metrics section of a live run is read again.
 * A finished run's data no longer changes: it is not compared.
 */
function runKey(run: Run): string {
  if (run.info.status !== 'RUNNING') return JSON.stringify([run.info, run.data.tags]);
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return JSON.stringify([run.info, run.data.tags, [...run.data.metrics].sort(byKey), [...run.data.params].sort(byKey)]);
}

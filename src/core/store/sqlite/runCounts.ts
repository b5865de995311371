/** Runs per experiment in one grouped SQL count, with the same scope (ids, lifecycle) as a run search. */
import type { ViewType } from '../../model/entities';
import { text } from './rowMapping';
import { runScope } from './runQueries';
import type { SchemaInfo } from './schema';
import type { SqliteConnection } from './sqliteDriver';

export function countRunsByExperiment(
  db: SqliteConnection,
  schema: SchemaInfo,
  experimentIds: readonly string[],
  viewType: ViewType | undefined,
): Map<string, number> {
  const scope = runScope(schema, experimentIds, viewType, undefined);
  const counts = new Map<string, number>();
  // Experiments the search would accept but that hold no run get no row: they count 0.
  const ids = experimentIds.filter((id) => /^\d+$/.test(id)).map(Number);
  if (ids.length === 0) return counts;
  for (const row of db.all(`SELECT experiment_id FROM experiments WHERE experiment_id IN (${ids.map(() => '?').join(', ')})`, ids)) {
    counts.set(text(row['experiment_id']), 0);
  }
  for (const row of db.all(`SELECT r.experiment_id AS id, COUNT(*) AS n FROM runs r WHERE ${scope.where} GROUP BY r.experiment_id`, scope.params)) {
    counts.set(text(row['id']), Number(row['n']));
  }
  return counts;
}

/**
 * The MLflow 3 logged models of an experiment, grouped by the run that logged them, for the runs'
 * "Logged models" section. Read only when one of the experiment's runs is expanded, then kept per
 * experiment until dropped; a failed read is dropped at once so the next expand retries.
 * A store without logged models (MLflow 2.x) costs one empty search per expanded experiment.
 */
import type { LoggedModel } from '../../core/registry/loggedModel';
import { collectPages } from '../../core/model/paging';
import type { StoreProblem } from '../../core/store/storeErrors';
import type { TrackingStore } from '../../core/store/trackingStore';

export interface ExperimentLoggedModels {
  byRun: Map<string, LoggedModel[]>;
  problems: StoreProblem[];
}

const NONE: ExperimentLoggedModels = { byRun: new Map(), problems: [] };

export class RunLoggedModels {
  private readonly byExperiment = new Map<string, Promise<ExperimentLoggedModels>>();

  /** The logged models whose `source_run_id` is this run, in the store's order. */
  async ofRun(store: TrackingStore, experimentId: string, runId: string): Promise<LoggedModel[]> {
    return (await this.ofExperiment(store, experimentId)).byRun.get(runId) ?? [];
  }

  ofExperiment(store: TrackingStore, experimentId: string): Promise<ExperimentLoggedModels> {
    if (!store.searchLoggedModels) return Promise.resolve(NONE);
    let pending = this.byExperiment.get(experimentId);
    if (!pending) {
      pending = readExperiment(store, experimentId);
      this.byExperiment.set(experimentId, pending);
      const cached = pending;
      pending.catch(() => {
        if (this.byExperiment.get(experimentId) === cached) this.byExperiment.delete(experimentId);
      });
    }
    return pending;
  }

  drop(experimentId: string): void {
    this.byExperiment.delete(experimentId);
  }

  clear(): void {
    this.byExperiment.clear();
  }
}

async function readExperiment(store: TrackingStore, experimentId: string): Promise<ExperimentLoggedModels> {
  const problems: StoreProblem[] = [];
  const models = await collectPages(async (pageToken) => {
    const page = await store.searchLoggedModels!({ experimentIds: [experimentId], ...(pageToken && { pageToken }) });
    problems.push(...page.problems);
    return page;
  }, 100);
  const byRun = new Map<string, LoggedModel[]>();
  for (const model of models) {
    const runId = model.info.source_run_id;
    if (!runId) continue;
    const list = byRun.get(runId);
    if (list) list.push(model);
    else byRun.set(runId, [model]);
  }
  return { byRun, problems };
}

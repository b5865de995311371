/** `mlflow-lens experiments`: prints `{"experiments":[…]}` as MLflow's `experiments/search`. */
import { collectPages } from '../../core/model/paging';
import type { StoreProblem } from '../../core/store/storeErrors';
import { experimentToJson } from '../restJson';
import { openFromOptions, parseView, storeOptions, withStore, type Command } from '../context';
import { reportProblems } from '../problems';

export const experimentsCommand: Command = {
  name: 'experiments',
  summary: 'list experiments as MLflow REST experiments/search JSON',
  usage: '--tracking-uri URI [--view active|deleted|all]',
  options: {
    ...storeOptions,
    view: { type: 'string', value: 'active|deleted|all', description: 'lifecycle stage to list (default: active)' },
  },
  async run(options, io) {
    const viewType = parseView(options.view);
    return withStore(await openFromOptions(options, io), async (store) => {
      const problems: StoreProblem[] = [];
      const experiments = await collectPages(async (pageToken) => {
        const page = await store.searchExperiments({ viewType, maxResults: 1000, ...(pageToken && { pageToken }) });
        problems.push(...page.problems);
        return page;
      });
      io.stdout(`${JSON.stringify({ experiments: experiments.map(experimentToJson) })}\n`);
      reportProblems(problems, io);
      return 0;
    });
  },
};

/** `mlflow-lens history`: prints `{"metrics":[…]}` (one metric of one run) in step order. */
import { collectPages } from '../../core/model/paging';
import type { StoreProblem } from '../../core/store/storeErrors';
import { metricToJson } from '../restJson';
import { openFromOptions, requireString, storeOptions, withStore, type Command } from '../context';
import { reportProblems } from '../problems';

export const historyCommand: Command = {
  name: 'history',
  summary: "print one metric's history as MLflow REST metrics/get-history JSON",
  usage: '--tracking-uri URI --run-id ID --metric KEY',
  options: {
    ...storeOptions,
    'run-id': { type: 'string', value: 'ID', description: 'the run' },
    metric: { type: 'string', value: 'KEY', description: 'the metric key (may contain /)' },
  },
  details: 'Points are sorted by step (then timestamp); points logged at the same step keep their logged order.',
  async run(options, io) {
    const runId = requireString(options, 'run-id');
    const key = requireString(options, 'metric');
    return withStore(openFromOptions(options, io), async (store) => {
      const problems: StoreProblem[] = [];
      const points = await collectPages(async (pageToken) => {
        const page = await store.getMetricHistory(runId, key, { maxResults: 100000, ...(pageToken && { pageToken }) });
        problems.push(...page.problems);
        return page;
      });
      const ordered = points.map((p, i) => ({ p, i })).sort((a, b) => a.p.step - b.p.step || a.p.timestamp - b.p.timestamp || a.i - b.i);
      io.stdout(`${JSON.stringify(ordered.length ? { metrics: ordered.map((x) => metricToJson(x.p)) } : {})}\n`);
      reportProblems(problems, io);
      return 0;
    });
  },
};

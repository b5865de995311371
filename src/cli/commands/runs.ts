/** `mlflow-lens runs`: prints `{"runs":[…]}` as MLflow's `runs/search`, every page concatenated. */
import { collectPages } from '../../core/model/paging';
import type { StoreProblem } from '../../core/store/storeErrors';
import { FilterSyntaxError } from '../../core/search/filterAst';
import { parseFilter } from '../../core/search/filterParser';
import { parseOrderBy } from '../../core/search/orderBy';
import { UsageError, listOption } from '../args';
import { runJsonText } from '../restJson';
import { openFromOptions, parseView, storeOptions, withStore, type Command } from '../context';
import { reportProblems } from '../problems';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list runs (params, latest metrics, tags) as MLflow REST runs/search JSON',
  usage: "--tracking-uri URI [--experiment-ids ID,…] [--view active|deleted|all] [--filter \"metrics.acc > 0.9\"] [--order-by 'metrics.acc DESC']… [--max-results N]",
  options: {
    ...storeOptions,
    'experiment-ids': { type: 'string', value: 'ID,…', description: 'experiments to search (default: every experiment of the chosen view)' },
    view: { type: 'string', value: 'active|deleted|all', description: 'lifecycle stage of the runs (and of the experiments searched by default; default: active)' },
    filter: { type: 'string', value: 'FILTER', description: "MLflow search filter, e.g. \"metrics.acc > 0.9 and params.lr = '0.01'\" (AND only)" },
    'order-by': { type: 'string', value: 'CLAUSE', repeatable: true, description: "MLflow order_by clause, e.g. 'metrics.acc DESC'; repeat for more keys" },
    'max-results': { type: 'string', value: 'N', description: 'page size of each search call, as MLflow\'s max_results (default 1000); every page is printed' },
  },
  details: 'Runs are ordered as MLflow orders them: the --order-by clauses, then start_time DESC, then run_id.',
  async run(options, io) {
    const viewType = parseView(options.view);
    let maxResults = 1000;
    if (options['max-results'] !== undefined) {
      const text = String(options['max-results']);
      maxResults = Number(text);
      if (!/^\d+$/.test(text) || maxResults < 1 || maxResults > 50000) throw new UsageError(`--max-results must be an integer from 1 to 50000 (got '${text}')`);
    }
    const idsOption = options['experiment-ids'];
    const filter = typeof options.filter === 'string' ? options.filter : undefined;
    const orderBy = listOption(options['order-by']);
    // Checked here so a mistake is reported with its column before any store is opened.
    checkSearchOption('--filter', () => parseFilter(filter));
    checkSearchOption('--order-by', () => parseOrderBy(orderBy));
    return withStore(await openFromOptions(options, io), async (store) => {
      const problems: StoreProblem[] = [];
      let experimentIds: string[];
      if (typeof idsOption === 'string') {
        experimentIds = idsOption.split(',').map((s) => s.trim()).filter((s) => s !== '');
      } else {
        const experiments = await collectPages(async (pageToken) => {
          const page = await store.searchExperiments({ viewType, maxResults: 50000, ...(pageToken && { pageToken }) });
          problems.push(...page.problems);
          return page;
        });
        experimentIds = experiments.map((e) => e.experiment_id);
      }
      const runs = await collectPages(async (pageToken) => {
        const page = await store.searchRuns({ experimentIds, viewType, maxResults, filter, orderBy, ...(pageToken && { pageToken }) });
        problems.push(...page.problems);
        return page;
      });
      io.stdout(`{"runs":[${runs.map(runJsonText).join(',')}]}\n`);
      reportProblems(problems, io);
      return 0;
    });
  },
};

function checkSearchOption(option: string, parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new UsageError(`${option}: ${e.message} (column ${e.column})`);
    throw e;
  }
}

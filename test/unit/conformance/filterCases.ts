/**
 * MLflow filters and orders (../shared/docs/search-syntax.md) with the run names MLflow 2.12.2 gave
 * for them over the generated data. Experiments are named, not numbered: ids differ per store.
 *
 * `recorded: true` marks the requests recorded from the real server (test/fixtures/rest
 * `runs-search__*.json`): the REST leg runs exactly those, and a replay that met a request it has no
 * recording for fails the suite. The other cases run on the file and SQLite stores only, because a
 * replay cannot answer a request MLflow was never asked: the quoting, LIKE/ILIKE, attribute-alias,
 * `datasets.context`, missing-key and NaN cases, and every order_by but the two recorded ones.
 */
import type { ViewType } from '../../../src/core/model/entities';

export const HOSTILE_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
export const ODD_EXPERIMENT = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';

export interface FilterCase {
  /**
   * Experiments searched, by name, in this order (`id:N` = that id, for an id no store has);
   * 'active' = every active one, in the order the store lists them.
   */
  experiments: readonly string[] | 'active';
  viewType?: ViewType;
  /** The filter, or a function of the store's run ids by run name (ids differ per store). */
  filter?: string | ((runId: (name: string) => string) => string);
  orderBy?: string[];
  maxResults?: number;
  /** Read only the first page (the recording has no second). */
  firstPageOnly?: boolean;
  /** Run names MLflow returned; in this order when `ordered`. */
  expected: string[];
  ordered?: boolean;
  recorded?: boolean;
}

const CHILDREN = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0'];
const FOLDS = CHILDREN.map((c) => `${c} / fold-0`);
const ZOO_ACTIVE = ['failed-run', 'killed-run', 'running-run', 'finished-run', 'scheduled-run'];
const ALL_ACTIVE = ['quick-test-0', 'quick-test-1', 'hyperparam-search', ...CHILDREN, ...FOLDS, HOSTILE_RUN, 'resnet50-full-training', ...ZOO_ACTIVE];
const IRIS = ['iris-classification'];
const ODD = [ODD_EXPERIMENT];
const ZOO = ['status-zoo'];

export const filterCases: readonly FilterCase[] = [
  // ---- recorded: every backend
  { recorded: true, experiments: 'active', expected: ALL_ACTIVE },
  { recorded: true, experiments: ZOO, expected: ZOO_ACTIVE },
  { recorded: true, experiments: ZOO, maxResults: 2, expected: ZOO_ACTIVE },
  { recorded: true, experiments: ['status-zoo', 'to-be-deleted'], viewType: 'ALL', expected: [...ZOO_ACTIVE, 'deleted-run', 'orphan-run'] },
  { recorded: true, experiments: ['status-zoo', 'to-be-deleted'], viewType: 'DELETED_ONLY', expected: ['deleted-run', 'orphan-run'] },
  { recorded: true, experiments: IRIS, filter: 'metrics.accuracy > 0.9', expected: ['C=0.1', 'C=1.0', 'C=10.0'] },
  { recorded: true, experiments: IRIS, filter: "params.C = '1.0'", expected: ['C=1.0'] },
  { recorded: true, experiments: IRIS, filter: "metrics.accuracy >= 0.9 and params.solver = 'lbfgs' and attributes.status = 'FINISHED'", expected: ['C=0.1', 'C=1.0', 'C=10.0'] },
  { recorded: true, experiments: IRIS, filter: "attributes.run_name LIKE '%fold-0'", expected: FOLDS },
  { recorded: true, experiments: ZOO, filter: "attributes.status = 'FAILED'", expected: ['failed-run'] },
  { recorded: true, experiments: IRIS, filter: (id) => `tags.mlflow.parentRunId = '${id('hyperparam-search')}'`, expected: CHILDREN },
  {
    recorded: true,
    experiments: 'active',
    filter: (id) => `attributes.run_id IN ('${id('quick-test-0')}', '${id('resnet50-full-training')}')`,
    expected: ['quick-test-0', 'resnet50-full-training'],
  },
  { recorded: true, experiments: 'active', filter: 'metrics.accuracy > 2', expected: [] },
  {
    recorded: true,
    experiments: ODD,
    filter: "metrics.`eval/loss` < 1 and params.`learning rate` = '0.001' and tags.`unicode/ключ` = 'значение'",
    expected: [HOSTILE_RUN],
  },
  { recorded: true, experiments: ODD, filter: "params.optimizer = 'Adam \"beta1=0.9\" <b>bold</b>'", expected: [HOSTILE_RUN] },
  { recorded: true, experiments: ODD, filter: 'tags.`html tag` = "<script>alert(\'tag\')</script>"', expected: [HOSTILE_RUN] },
  // No escapes in MLflow strings: a doubled or backslashed quote is literal text and matches nothing.
  { recorded: true, experiments: ODD, filter: "tags.`html tag` = '<script>alert(''tag'')</script>'", expected: [] },
  { recorded: true, experiments: ODD, filter: "tags.`html tag` = '<script>alert(\\'tag\\')</script>'", expected: [] },
  { recorded: true, experiments: ODD, filter: "tags.`html tag` LIKE '<script>alert(_tag_)</script>'", expected: [HOSTILE_RUN] },
  { recorded: true, experiments: ODD, filter: "attributes.run_name LIKE 'run with spaces, _quotes_, _apostrophes_, <b>html</b> & emoji 🎉🔥'", expected: [HOSTILE_RUN] },
  { recorded: true, experiments: IRIS, filter: "datasets.name = 'iris-test'", maxResults: 2, firstPageOnly: true, ordered: true, expected: ['C=10.0', 'C=1.0'] },
  { recorded: true, experiments: IRIS, orderBy: ['metrics.accuracy DESC', 'attributes.start_time ASC'], ordered: true, expected: irisByAccuracy() },
  {
    recorded: true,
    experiments: 'active',
    orderBy: ['attributes.start_time DESC'],
    maxResults: 5,
    firstPageOnly: true,
    ordered: true,
    expected: ['C=10.0 / fold-0', 'C=10.0', 'C=1.0 / fold-0', 'C=1.0', 'C=0.1 / fold-0'],
  },
  { recorded: true, experiments: ['id:999999'], expected: [] },

  // ---- file and SQLite only (never sent to the recorded server)
  { experiments: 'active', filter: "metrics.accuracy >= 0.9 and params.solver = 'lbfgs'", expected: ['C=0.1', 'C=1.0', 'C=10.0'] },
  { experiments: 'active', filter: 'params.C = "0.1"', expected: ['C=0.1'] },
  { experiments: 'active', filter: "params.C = '0.1' AND", expected: ['C=0.1'] },
  { experiments: 'active', filter: "tags.mlflow.runName = 'C=0.1'", expected: ['C=0.1'] },
  { experiments: 'active', filter: 'metrics.`train_loss` < 1', expected: CHILDREN },
  { experiments: 'active', filter: "status = 'failed'", expected: [] },
  { experiments: 'active', filter: "attributes.run_name LIKE 'c=%'", expected: [] },
  { experiments: 'active', filter: "attributes.run_name ILIKE 'c=%'", expected: [...CHILDREN, ...FOLDS] },
  { experiments: 'active', filter: "`Run Name` = 'C=0.1'", expected: ['C=0.1'] },
  { experiments: 'active', filter: "datasets.context = 'training'", expected: CHILDREN },
  { experiments: 'active', filter: "tags.error != 'x'", expected: ['failed-run'] },
  { experiments: 'active', filter: 'end_time > 0', expected: ALL_ACTIVE.filter((n) => n !== 'running-run' && n !== 'scheduled-run') },
  { experiments: 'active', filter: "params.empty = ''", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: 'metrics.`special/nan` > 1', expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "tags.`quote tag` LIKE \"%'single'%\"", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "params.`learning rate` LIKE '0.00_'", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "params.debug LIKE '%'", orderBy: ['metrics.loss DESC'], ordered: true, expected: ['quick-test-0', 'quick-test-1'] },
  {
    experiments: 'active',
    filter: "params.status_under_test LIKE '%'",
    orderBy: ['attributes.status', 'attributes.run_name'],
    ordered: true,
    expected: ['failed-run', 'finished-run', 'killed-run', 'running-run', 'scheduled-run'],
  },
  // Params order as text ('10.0' > '1.0'); runs without the param (parent, folds) come last.
  { experiments: IRIS, orderBy: ['params.C DESC', 'attributes.run_name ASC'], ordered: true, expected: [...[...CHILDREN].reverse(), ...FOLDS, 'hyperparam-search'] },
];

/**
 * The iris runs by accuracy, highest first, ties by start time (C=1.0 and C=10.0 share the best);
 * runs without the metric come last, also by start time (oldest first).
 */
function irisByAccuracy(): string[] {
  return ['C=1.0', 'C=10.0', 'C=0.1', 'C=0.01', 'hyperparam-search', 'C=0.01 / fold-0', 'C=0.1 / fold-0', 'C=1.0 / fold-0', 'C=10.0 / fold-0'];
}

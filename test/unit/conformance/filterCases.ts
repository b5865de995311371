/**
 * MLflow filters and orders (../shared/docs/search-syntax.md) with the run names MLflow 2.12.2 gave
 * for them over the generated data. Experiments are named, not numbered: ids differ per store.
 *
 * Every expectation here is MLflow's own answer: `mlflowParity.test.ts` asks the real MLflow
 * (../shared/mlflow) each case over copies of the same file and SQLite stores and fails when its
 * run ids, or the names written here, differ. The names stay written down so the conformance suite
 * still checks the three stores on a machine without ../shared.
 *
 * `recorded: true` marks the requests recorded from the real server (test/fixtures/rest
 * `runs-search__*.json`): the REST leg runs exactly those, and a replay that met a request it has no
 * recording for fails the suite. The other cases run on the file and SQLite stores only, because a
 * replay cannot answer a request MLflow was never asked.
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
  /**
   * What MLflow's own file store answers instead, where it reads the LIKE pattern as a regular
   * expression (see `mlflowSplitCases`); `expected` is its SQLite store's (and server's) answer.
   */
  mlflowFileStore?: string[];
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
  { recorded: true, experiments: ODD, filter: "tags.`html tag` LIKE '<script>alert(_tag_)</script>'", expected: [HOSTILE_RUN], mlflowFileStore: [] },
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

  // ---- added from the real MLflow's answers: missing keys (never match, not even !=)
  { experiments: 'active', filter: "params.C != '1.0'", expected: ['C=0.01', 'C=0.1', 'C=10.0'] },
  { experiments: 'active', filter: 'metrics.accuracy != 2', expected: CHILDREN },
  { experiments: 'active', filter: "params.empty != ''", expected: [] },
  { experiments: 'active', filter: "params.x = 'y' and params.x != 'y'", expected: [] },
  // LIKE is case-sensitive, ILIKE not; % spans newlines; _ is one character, an emoji included
  { experiments: 'active', filter: "params.solver LIKE 'LBFGS'", expected: [] },
  { experiments: 'active', filter: "params.solver ILIKE 'LBFGS'", expected: CHILDREN },
  { experiments: 'active', filter: "tags.mlflow.runName ILIKE '%FOLD%'", expected: FOLDS },
  { experiments: 'active', filter: "status LIKE 'fail%'", expected: [] },
  { experiments: 'active', filter: "status ILIKE 'fail%'", expected: ['failed-run'] },
  { experiments: 'active', filter: "datasets.name LIKE 'IRIS%'", expected: [] },
  { experiments: 'active', filter: "datasets.name ILIKE 'IRIS-T%'", expected: CHILDREN },
  { experiments: 'active', filter: "params.`path-like` LIKE '/data/train set/../%'", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "tags.`unicode/ключ` LIKE 'значени_'", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "tags.multiline LIKE '%line%'", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "attributes.run_name LIKE '%🎉_'", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "tags.`quote tag` ILIKE \"%'SINGLE'%\"", expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: "params.optimizer = 'adam \"beta1=0.9\" <b>bold</b>'", expected: [] },
  { experiments: 'active', filter: "params.optimizer ILIKE 'adam \"beta1=0.9\" <b>bold</b>'", expected: [HOSTILE_RUN] },
  // IN and NOT IN: run ids and dataset fields; an unknown id is no error
  { experiments: 'active', filter: (id) => `run_id NOT IN ('${id('quick-test-0')}')`, expected: ALL_ACTIVE.filter((n) => n !== 'quick-test-0') },
  { experiments: 'active', filter: (id) => `attributes.run_id IN ('${id('C=0.1')}', '${id('C=1.0')}', 'nope')`, expected: ['C=0.1', 'C=1.0'] },
  { experiments: 'active', filter: (id) => `run_id != '${id('C=0.1')}'`, expected: ALL_ACTIVE.filter((n) => n !== 'C=0.1') },
  { experiments: 'active', filter: (id) => `run_id LIKE '${id('C=0.1')}'`, expected: ['C=0.1'] },
  { experiments: 'active', filter: "datasets.name IN ('iris-test', 'nope')", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.context NOT IN ('training')", expected: CHILDREN },
  // dataset digests; each dataset clause may match a different input of the run
  { experiments: 'active', filter: "datasets.digest = '2edc8d19'", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.digest != '2edc8d19'", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.digest IN ('c4567977')", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.digest LIKE '2EDC%'", expected: [] },
  { experiments: 'active', filter: "datasets.digest ILIKE '2EDC%'", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.digest = 'nope'", expected: [] },
  { experiments: 'active', filter: "datasets.name = 'iris-train' and datasets.context = 'evaluation'", expected: CHILDREN },
  { experiments: 'active', filter: "datasets.name = 'iris-test' and datasets.digest = '2edc8d19'", expected: CHILDREN },
  // quoting of keys and values, a leading AND, no spaces around a negative number
  { experiments: 'active', filter: 'metrics."train_loss" < 1', expected: CHILDREN },
  { experiments: 'active', filter: "`params`.C = '1.0'", expected: ['C=1.0'] },
  { experiments: 'active', filter: "tags.`mlflow.runName` = 'C=0.1'", expected: ['C=0.1'] },
  { experiments: 'active', filter: "AND params.debug LIKE '%'", expected: ['quick-test-0', 'quick-test-1'] },
  { experiments: 'active', filter: 'metrics.loss>-1', expected: ['quick-test-0', 'quick-test-1', ...ZOO_ACTIVE] },
  // attributes and their aliases
  { experiments: 'active', filter: "attributes.status != 'FINISHED'", expected: ['failed-run', 'killed-run', 'running-run', 'scheduled-run'] },
  { experiments: 'active', filter: "attributes.user_id = 'root'", expected: ['hyperparam-search', ...CHILDREN, ...FOLDS] },
  { experiments: 'active', filter: 'created >= 0', expected: ALL_ACTIVE },
  { experiments: 'active', filter: 'Created < 0', expected: [] },
  // extreme values: ±inf (clipped to ±1.797…e308 in SQLite), 5e-324, integers written as floats
  { experiments: 'active', filter: 'metrics.`special/inf` > 1e308', expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: 'metrics.`special/neg_inf` < -1e308', expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: 'metrics.`special/tiny` > 0', expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: 'metrics.`special/int_like` = 3', expected: [HOSTILE_RUN] },
  { experiments: 'active', filter: 'metrics.`special/negative` < -42', expected: [HOSTILE_RUN] },
  // orders: missing values last both ways, then the base order (start time, newest first)
  {
    experiments: 'active',
    filter: "params.status_under_test LIKE '%'",
    orderBy: ['attributes.end_time DESC'],
    ordered: true,
    expected: ['finished-run', 'killed-run', 'failed-run', 'scheduled-run', 'running-run'],
  },
  {
    experiments: 'active',
    filter: "params.status_under_test LIKE '%'",
    orderBy: ['attributes.end_time ASC'],
    ordered: true,
    expected: ['failed-run', 'killed-run', 'finished-run', 'scheduled-run', 'running-run'],
  },
  { experiments: 'active', orderBy: ['attributes.run_name DESC'], ordered: true, expected: byName().reverse() },
  { experiments: 'active', orderBy: ['tags.mlflow.runName ASC'], ordered: true, expected: byName() },
  {
    experiments: 'active',
    orderBy: ['attributes.status DESC', 'attributes.run_name'],
    ordered: true,
    expected: ['scheduled-run', 'running-run', 'killed-run', ...byName().filter((n) => !['scheduled-run', 'running-run', 'killed-run', 'failed-run'].includes(n)), 'failed-run'],
  },
  { experiments: 'active', orderBy: ['params.`learning rate` DESC', 'run_name'], ordered: true, expected: [HOSTILE_RUN, ...byName().filter((n) => n !== HOSTILE_RUN)] },
  {
    experiments: 'active',
    filter: "attributes.user_id = 'root'",
    orderBy: ['metrics.accuracy', 'run_name DESC'],
    ordered: true,
    expected: ['C=0.01', 'C=0.1', 'C=10.0', 'C=1.0', 'hyperparam-search', ...[...FOLDS].reverse()],
  },
];

/** The active runs by name, as MLflow orders text (code points: upper case before lower). */
function byName(): string[] {
  return [...ALL_ACTIVE].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The iris runs by accuracy, highest first, ties by start time (C=1.0 and C=10.0 share the best);
 * runs without the metric come last, also by start time (oldest first).
 */
function irisByAccuracy(): string[] {
  return ['C=1.0', 'C=10.0', 'C=0.1', 'C=0.01', 'hyperparam-search', 'C=0.01 / fold-0', 'C=0.1 / fold-0', 'C=1.0 / fold-0', 'C=10.0 / fold-0'];
}

/**
 * Filters on which MLflow's own two stores disagree: its file store reads a LIKE pattern as a
 * regular expression (failing on `*`, matching `[a-z]` as a class) and folds case beyond ASCII for
 * ILIKE; its SQLite store follows SQLite (literal LIKE, ASCII-only ILIKE). MLflow Lens gives one
 * answer on both stores: SQL's literal LIKE, and ILIKE folding every letter. MLflow's SQLite store
 * also fails on a dataset clause beside a param clause (its join names the wrong subquery,
 * `anon_1.destination_id`); MLflow Lens answers as its file store does.
 */
export interface SplitCase {
  filter: string;
  /** MLflow Lens's answer, on the file and SQLite stores alike. */
  expected: string[];
  /** What MLflow 2.12.2 answers on each store; 'error' when it fails. */
  mlflow: { file: string[] | 'error'; sqlite: string[] | 'error' };
}

export const mlflowSplitCases: readonly SplitCase[] = [
  { filter: "params.`path-like` LIKE '%*.csv'", expected: [HOSTILE_RUN], mlflow: { file: 'error', sqlite: [HOSTILE_RUN] } },
  { filter: "params.`path-like` LIKE '%[a-z]%'", expected: [], mlflow: { file: [HOSTILE_RUN], sqlite: [] } },
  { filter: "tags.`unicode/ключ` ILIKE 'ЗНАЧЕНИЕ'", expected: [HOSTILE_RUN], mlflow: { file: [HOSTILE_RUN], sqlite: [] } },
  { filter: "datasets.context = 'evaluation' and params.C = '1.0'", expected: ['C=1.0'], mlflow: { file: ['C=1.0'], sqlite: 'error' } },
];

/**
 * Filters MLflow refuses on both stores. `sameWords`: MLflow Lens's message starts as MLflow's does
 * (up to the list of valid comparators or keys, which MLflow prints as a Python set).
 */
export const rejectedFilters: readonly { filter: string; sameWords?: boolean }[] = [
  { filter: 'metrics.loss >> 0.1', sameWords: true },
  { filter: 'metrics.loss => 0.1', sameWords: true },
  { filter: 'metrics.loss ! 0.1', sameWords: true },
  { filter: "params.a === 'x'", sameWords: true },
  { filter: "params.a NOT LIKE 'x'", sameWords: true },
  { filter: "params.a RLIKE 'x'", sameWords: true },
  { filter: "run_id not  in ('a')", sameWords: true },
  { filter: "params.C > '0.1'", sameWords: true },
  { filter: 'metrics.a = = 1', sameWords: true },
  { filter: 'metrics.a >', sameWords: true },
  { filter: 'metrics.a 1', sameWords: true },
  { filter: 'metrics.a IS NULL', sameWords: true },
  { filter: "params.a = 'x' OR params.b = 'y'", sameWords: true },
  { filter: "(params.a = 'x')", sameWords: true },
  { filter: "params.a = 'x' -- comment", sameWords: true },
  { filter: 'params.C = 1.0', sameWords: true },
  { filter: 'params.optimizer = adam', sameWords: true },
  { filter: "metrics.accuracy = '0.9'", sameWords: true },
  { filter: 'metrics.a > 1e', sameWords: true },
  { filter: "attributes.start_time > '0'", sameWords: true },
  { filter: "attributes.experiment_id = '1'", sameWords: true },
  { filter: "datasets.source = 'x'", sameWords: true },
  { filter: "Tags.a = 'x'", sameWords: true },
  { filter: '"metrics".a > 1', sameWords: true },
  { filter: '`metrics.a` > 1', sameWords: true },
  { filter: "params.C = '0.1'; params.C = '1.0'", sameWords: true },
  { filter: 'metrics.a > 1;;', sameWords: true },
  { filter: 'run_id IN ()', sameWords: true },
  { filter: "run_id IN ('a',)", sameWords: true },
  { filter: "run_id IN ('a', 1)", sameWords: true },
  { filter: "status IN ('FAILED')", sameWords: true },
  { filter: 'metrics.train/loss < 1', sameWords: true },
  { filter: 'metrics.a > .5e1' },
  { filter: "params.a = 'unterminated" },
];

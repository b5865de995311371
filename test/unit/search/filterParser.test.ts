import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterSyntaxError } from '../../../src/core/search/filterAst';
import { parseFilter } from '../../../src/core/search/filterParser';
import { parseOrderByClause } from '../../../src/core/search/orderBy';
import { SEARCHABLE_ATTRIBUTE_KEYS } from '../../../src/core/search/runFields';

/**
 * Asserts MLflow's rejection: the message (exact, or its start) and the column it points at; with
 * `marked`, also the exact text the error underlines.
 */
function rejects(filter: string, message: string | RegExp, column: number, marked?: string): void {
  assert.throws(
    () => parseFilter(filter),
    (error: unknown) => {
      assert.ok(error instanceof FilterSyntaxError, `expected FilterSyntaxError, got ${String(error)}`);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.equal(error.column, column, `column for ${filter}`);
      if (marked !== undefined) assert.equal(filter.slice(error.offset, error.offset + error.length), marked, `marked text for ${filter}`);
      return true;
    },
  );
}

const METRIC_COMPARATORS = "'{'!=', '<', '<=', '=', '>', '>='}'";
const TEXT_COMPARATORS = "'{'!=', '=', 'ILIKE', 'LIKE'}'";

void describe('filter grammar: examples of search-syntax.md §10 MLflow accepts', () => {
  void it('1: metrics.accuracy > 0.9', () => {
    assert.deepEqual(parseFilter('metrics.accuracy > 0.9').clauses, [
      { entity: 'metric', key: 'accuracy', comparator: '>', value: { kind: 'number', value: 0.9, text: '0.9' }, span: { start: 0, end: 22 } },
    ]);
  });
  void it('2: lower-case and joins clauses', () => {
    const { clauses } = parseFilter("metrics.accuracy >= 0.9 and params.solver = 'lbfgs'");
    assert.deepEqual(
      clauses.map((c) => [c.entity, c.key, c.comparator, c.value]),
      [
        ['metric', 'accuracy', '>=', { kind: 'number', value: 0.9, text: '0.9' }],
        ['parameter', 'solver', '=', { kind: 'string', value: 'lbfgs' }],
      ],
    );
  });
  void it('3: double-quoted values', () => {
    assert.deepEqual(parseFilter('params.C = "0.1"').clauses[0]?.value, { kind: 'string', value: '0.1' });
  });
  void it('7, 8: negative and exponent numbers', () => {
    assert.equal(parseFilter('metrics.accuracy > -1').clauses[0]?.value.kind, 'number');
    assert.deepEqual(parseFilter('metrics.accuracy > 1e-3').clauses[0]?.value, { kind: 'number', value: 0.001, text: '1e-3' });
    assert.deepEqual(parseFilter('metrics.a > .5').clauses[0]?.value, { kind: 'number', value: 0.5, text: '.5' });
    assert.deepEqual(parseFilter('metrics.a > 1.0e-3').clauses[0]?.value, { kind: 'number', value: 0.001, text: '1.0e-3' });
  });
  void it('9: splits on the first dot only', () => {
    const c = parseFilter("tags.mlflow.runName = 'C=0.1'").clauses[0];
    assert.equal(c?.entity, 'tag');
    assert.equal(c?.key, 'mlflow.runName');
    assert.equal(parseFilter("tags.`mlflow.runName` = 'x'").clauses[0]?.key, 'mlflow.runName');
  });
  void it('10: back-ticked and double-quoted keys', () => {
    assert.equal(parseFilter('metrics.`train/loss` < 1').clauses[0]?.key, 'train/loss');
    assert.equal(parseFilter('metrics."train/loss" < 1').clauses[0]?.key, 'train/loss');
    assert.equal(parseFilter("params.`学习率` = 'x'").clauses[0]?.key, '学习率');
    assert.equal(parseFilter("`params`.C = 'x'").clauses[0]?.entity, 'parameter');
  });
  void it('13: no prefix means attribute', () => {
    const c = parseFilter("status = 'FAILED'").clauses[0];
    assert.deepEqual([c?.entity, c?.key], ['attribute', 'status']);
  });
  void it('15: run_id IN a list', () => {
    const c = parseFilter(
      "attributes.run_id IN ('0f58b78737e243a59d599b4b123a09d9', 'ae7eea85afce45b2abafaacadc4496f9')",
    ).clauses[0];
    assert.equal(c?.comparator, 'IN');
    assert.deepEqual(c?.value, { kind: 'list', values: ['0f58b78737e243a59d599b4b123a09d9', 'ae7eea85afce45b2abafaacadc4496f9'] });
  });
  void it('16, 17, 18: LIKE, the Run Name alias and created', () => {
    assert.equal(parseFilter("attributes.run_name LIKE 'c=%'").clauses[0]?.comparator, 'LIKE');
    assert.equal(parseFilter("`Run Name` = 'C=0.1'").clauses[0]?.key, 'run_name');
    assert.equal(parseFilter('attributes.created > 1700000000000').clauses[0]?.key, 'start_time');
  });
  void it('24: datasets.context', () => {
    const c = parseFilter("datasets.context = 'training'").clauses[0];
    assert.deepEqual([c?.entity, c?.key], ['dataset', 'context']);
  });
  void it('25: LIKE patterns with regex characters parse', () => {
    assert.deepEqual(parseFilter("params.`path-like` LIKE '%*.csv'").clauses[0]?.value, { kind: 'string', value: '%*.csv' });
  });
  void it('also verified: quotes inside values, empty values, no spaces, trailing AND, any-case keywords', () => {
    assert.deepEqual(parseFilter(`tags.\`quote tag\` LIKE "%'single'%"`).clauses[0]?.value, { kind: 'string', value: "%'single'%" });
    assert.deepEqual(parseFilter("params.empty = ''").clauses[0]?.value, { kind: 'string', value: '' });
    assert.equal(parseFilter("metrics.acc>0.9 AND params.C='0.1'").clauses.length, 2);
    assert.equal(parseFilter("params.C = '0.1' AND").clauses.length, 1);
    assert.equal(parseFilter("params.C ilike '%a%'").clauses[0]?.comparator, 'ILIKE');
    assert.equal(parseFilter("datasets.name not in ('a')").clauses[0]?.comparator, 'NOT IN');
    assert.deepEqual(parseFilter("params.q = 'it''s'").clauses[0]?.value, { kind: 'string', value: "it''s" });
    assert.deepEqual(parseFilter('').clauses, []);
    assert.deepEqual(parseFilter(undefined).clauses, []);
  });
  void it('drops upper-case items from run_id lists (ids are lower-case hex)', () => {
    assert.deepEqual(parseFilter("run_id IN ('abc', 'ABC')").clauses[0]?.value, { kind: 'list', values: ['abc'] });
  });
});

void describe('filter grammar: examples of search-syntax.md §10 MLflow rejects', () => {
  void it('4: unquoted param value', () => {
    rejects('params.C = 0.1', "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 0.1", 12);
  });
  void it('5: ordering comparator on a param', () => {
    rejects("params.C > '0.1'", "Invalid comparator '>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'", 10);
  });
  void it('6: quoted metric value', () => {
    rejects("metrics.accuracy = '0.9'", "Expected numeric value type for metric. Found '0.9'", 20);
  });
  void it('7: a leading + is not a number', () => {
    assert.throws(() => parseFilter('metrics.accuracy > +0.5'), FilterSyntaxError);
  });
  void it('11: unquoted key with a slash', () => {
    rejects('metrics.train/loss < 1', "Invalid comparison clause. Expected 'Identifier' found 'metrics.train/loss'", 1);
  });
  void it('12: unquoted key with a space', () => {
    rejects("params.learning rate = '0.001'", "Invalid clause(s) in filter string: 'params.learning'", 1);
  });
  void it('14: IN on an attribute other than run_id', () => {
    rejects(
      "attributes.status IN ('FAILED', 'KILLED')",
      "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      22,
    );
  });
  void it('19: quoted number for a numeric attribute', () => {
    rejects("attributes.start_time > '0'", "Expected numeric value type for numeric attribute: start_time. Found '0'", 25);
  });
  void it('20: experiment_id is not searchable', () => {
    rejects(
      "attributes.experiment_id = '1'",
      "Invalid attribute key 'experiment_id' specified. Valid keys are artifact_uri, end_time, run_id, " +
        'run_name (or `run name`, `Run name`, `Run Name`), start_time (or created, Created), status, user_id.',
      1,
      'attributes.experiment_id',
    );
  });
  void it('21: OR', () => {
    rejects('metrics.accuracy > 0.9 OR metrics.accuracy < 0.1', "Invalid clause(s) in filter string: 'OR'", 24);
  });
  void it('22: parentheses', () => {
    rejects('(metrics.accuracy > 0.9)', "Invalid clause(s) in filter string: '(metrics.accuracy > 0.9)'", 1);
  });
  void it('23: two statements', () => {
    rejects(
      "params.C = '0.1'; params.C = '1.0'",
      "Search filter contained multiple expression 'params.C = '0.1'; params.C = '1.0''. Provide AND-ed expression list.",
      17,
      ';',
    );
  });
  void it('also verified: NOT, IS NULL, unknown entity, upper-case entity', () => {
    rejects("NOT params.C = '0.1'", "Invalid clause(s) in filter string: 'NOT'", 1);
    rejects('metrics.accuracy IS NULL', "Invalid clause(s) in filter string: 'metrics.accuracy', 'IS', 'NULL'", 1);
    rejects("foo.bar = 'x'", "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']", 1);
    rejects('Metrics.x > 1', "Invalid entity type 'Metrics'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']", 1);
  });
  void it('== and <> are not comparators', () => {
    rejects('metrics.a == 1', "Invalid comparator '==' not one of '{'!=', '<', '<=', '=', '>', '>='}'", 11);
    rejects("params.a <> 'x'", "Invalid comparator '<>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'", 10);
  });
  void it('unquoted text, empty and ill-formed lists, bad dataset keys', () => {
    rejects(
      'params.optimizer = adam',
      'Parameter value is either not quoted or unidentified quote types used for string value adam. Use either single or double quotes.',
      20,
    );
    rejects('run_id IN ()', 'While parsing a list in the query, expected a non-empty list of string values, but got empty list', 11);
    rejects('run_id IN ("a", "b")', /^While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: \("a", "b"\)$/, 12, '"a"');
    rejects("datasets.source = 'x'", "Invalid dataset key 'source' specified. Valid keys are name, digest, context.", 1);
  });
  void it('a dangling comparator and an unterminated string name their column', () => {
    rejects('metrics.a >', "Invalid clause(s) in filter string: 'metrics.a', '>'", 11, '>');
    rejects("params.a = 'open", /^Unterminated quoted text starting at column 12/, 12);
  });
});

void describe('filter errors point at the offending token (issue #15 item 5)', () => {
  void it('any run of < > = ~ ! is one comparator, refused as a whole: >> is marked, not the value after it', () => {
    rejects('metrics.loss >> 0.1', `Invalid comparator '>>' not one of ${METRIC_COMPARATORS}`, 14, '>>');
    rejects('metrics.accuracy >>> 0.9', `Invalid comparator '>>>' not one of ${METRIC_COMPARATORS}`, 18, '>>>');
    rejects('metrics.loss => 0.1', `Invalid comparator '=>' not one of ${METRIC_COMPARATORS}`, 14, '=>');
    rejects('metrics.loss =< 0.1', `Invalid comparator '=<' not one of ${METRIC_COMPARATORS}`, 14, '=<');
    rejects('metrics.loss ! 0.1', `Invalid comparator '!' not one of ${METRIC_COMPARATORS}`, 14, '!');
    rejects("params.a === 'x'", `Invalid comparator '===' not one of ${TEXT_COMPARATORS}`, 10, '===');
    rejects("params.a ~ 'x'", `Invalid comparator '~' not one of ${TEXT_COMPARATORS}`, 10, '~');
    rejects('metrics.a>>1', `Invalid comparator '>>' not one of ${METRIC_COMPARATORS}`, 10, '>>');
  });
  void it('NOT LIKE, NOT ILIKE, RLIKE and a doubly spaced NOT IN are comparators MLflow refuses', () => {
    rejects("params.a NOT LIKE 'x'", `Invalid comparator 'NOT LIKE' not one of ${TEXT_COMPARATORS}`, 10, 'NOT LIKE');
    rejects("params.a not ilike 'x'", `Invalid comparator 'NOT ILIKE' not one of ${TEXT_COMPARATORS}`, 10, 'not ilike');
    rejects("params.a RLIKE 'x'", `Invalid comparator 'RLIKE' not one of ${TEXT_COMPARATORS}`, 10, 'RLIKE');
    rejects("run_id not  in ('a')", "Invalid comparator 'NOT  IN' not one of '{'!=', '=', 'ILIKE', 'IN', 'LIKE', 'NOT IN'}'", 8, 'not  in');
    assert.equal(parseFilter("run_id not in ('a')").clauses[0]?.comparator, 'NOT IN');
  });
  void it('a comparison cut short is marked where it stops, with every stray piece listed as MLflow lists them', () => {
    rejects('metrics.a = = 1', "Invalid clause(s) in filter string: 'metrics.a', '=', '=', '1'", 13, '=');
    rejects("params.a LIKE", "Invalid clause(s) in filter string: 'params.a', 'LIKE'", 10, 'LIKE');
    rejects('metrics.a > +1', /^Invalid clause\(s\) in filter string: 'metrics\.a', '>', /, 13, '+');
    rejects('metrics.a > 0x10', "Invalid clause(s) in filter string: 'metrics.a', '>', '0x10'", 13, '0x10');
    rejects("run_id IN ('a'", "Invalid clause(s) in filter string: 'run_id', 'IN', '(', ''a''", 11, '(');
    // No comparator at all: the piece that stands alone is the one marked.
    rejects('metrics.a 1', "Invalid clause(s) in filter string: 'metrics.a', '1'", 1, 'metrics.a');
    rejects("params.a = 'x' params.b", "Invalid clause(s) in filter string: 'params.b'", 16, 'params.b');
    rejects("params.a = 'x' -- comment", "Invalid clause(s) in filter string: '-- comment'", 16, '-- comment');
  });
  void it('several statements mark the ; that splits them; one trailing ; is a stray clause', () => {
    rejects('; metrics.a > 1', "Search filter contained multiple expression '; metrics.a > 1'. Provide AND-ed expression list.", 1, ';');
    rejects('metrics.a > 1;;', "Search filter contained multiple expression 'metrics.a > 1;;'. Provide AND-ed expression list.", 14, ';');
    rejects('metrics.a > 1 ;', "Invalid clause(s) in filter string: ';'", 15, ';');
    rejects('metrics.a > 1; ', "Invalid clause(s) in filter string: ';'", 14, ';');
  });
  void it('numbers as sqlparse reads them: the whole malformed value is marked', () => {
    rejects('metrics.a > 1e', 'Expected numeric value type for metric. Found 1e', 13, '1e');
    rejects('metrics.a > 12abc', 'Expected numeric value type for metric. Found 12abc', 13, '12abc');
    rejects('metrics.a > 1_000', 'Expected numeric value type for metric. Found 1_000', 13, '1_000');
    rejects('metrics.a > .5e1', /^Invalid clause\(s\) in filter string: 'metrics\.a', '>', /, 13, '.');
    assert.throws(() => parseFilter('metrics.a > 1e+3'), FilterSyntaxError);
    assert.deepEqual(parseFilter('metrics.a > -1E3').clauses[0]?.value, { kind: 'number', value: -1000, text: '-1E3' });
    assert.deepEqual(parseFilter('metrics.a > 1.').clauses[0]?.value, { kind: 'number', value: 1, text: '1.' });
  });
  void it('quoted entities and keys as MLflow splits them (first dot, back-ticks only on the entity)', () => {
    const entities = "Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']";
    rejects('"metrics".a > 1', `Invalid entity type '"metrics"'. ${entities}`, 1);
    rejects('`metrics.a` > 1', `Invalid entity type '\`metrics'. ${entities}`, 1);
    rejects("params.`a`b = 'x'", "Invalid comparison clause. Expected 'Identifier' found 'params.`a`b'", 1);
    assert.equal(parseFilter('metrics."a.b" > 1').clauses[0]?.key, 'a.b');
    assert.equal(parseFilter('metrics.`a`.b > 1').clauses[0]?.key, '`a`.b');
  });
  void it('lists: MLflow\'s two messages, the odd item marked, a trailing comma after two items allowed', () => {
    const illFormed = 'While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.';
    rejects("run_id IN ('a',)", illFormed, 11, "('a',)");
    rejects("run_id IN ('a' 'b')", illFormed, 11, "('a' 'b')");
    rejects('run_id IN ("a")', illFormed, 11, '("a")');
    rejects(
      "run_id IN ('a', 1)",
      "While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ('a', 1)",
      17,
      '1',
    );
    assert.deepEqual(parseFilter("run_id IN ('a', 'b',)").clauses[0]?.value, { kind: 'list', values: ['a', 'b'] });
  });
});

void describe('invalid attribute keys list each valid name once (issue #14 item 2)', () => {
  void it('in a filter: canonical names in order, each alias beside the name it stands for', () => {
    assert.throws(
      () => parseFilter("attributes.foo = 'x'"),
      (e: unknown) => {
        assert.ok(e instanceof FilterSyntaxError);
        const listed = e.message.slice(e.message.indexOf('Valid keys are ') + 'Valid keys are '.length);
        const names = (listed.match(/`[^`]+`|\w+/g) ?? []).filter((w) => w !== 'or').map((w) => w.replace(/`/g, ''));
        // Every key the filter accepts, each exactly once.
        assert.deepEqual([...names].sort(), [...SEARCHABLE_ATTRIBUTE_KEYS].sort(), listed);
        assert.doesNotMatch(e.message, /[{}]/);
        return true;
      },
    );
  });
  void it('in an order_by: only the keys order_by accepts', () => {
    assert.throws(
      () => parseOrderByClause('attributes.nope DESC'),
      {
        message:
          "Invalid attribute key 'nope' specified. Valid keys are artifact_uri, end_time, run_id, run_name, start_time (or created, Created), status, user_id.",
      },
    );
  });
});

/**
 * The parsed form of an MLflow run search filter (`metrics.acc > 0.9 and params.lr = '0.1'`) and
 * the error raised for input MLflow would reject. See ../shared/docs/search-syntax.md.
 */

export type EntityType = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset';

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export type FilterValue =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'list'; values: string[] };

/** A half-open range of character offsets (0-based) in the filter text. */
export interface Span {
  start: number;
  end: number;
}

/** One `identifier comparator value` clause; a filter matches when every clause does. */
export interface FilterClause {
  entity: EntityType;
  /**
   * Unquoted key. For attributes the canonical name (`created` → `start_time`,
   * `Run Name` → `run_name`); for datasets one of `name`, `digest`, `context`.
   */
  key: string;
  comparator: Comparator;
  value: FilterValue;
  span: Span;
}

export interface FilterAst {
  clauses: FilterClause[];
}

/** Input MLflow rejects. `message` uses MLflow's wording; `column` is 1-based, for editors. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  /** 1-based column of the offending text. */
  readonly column: number;

  constructor(
    message: string,
    /** 0-based offset and length of the offending text in the filter. */
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
    this.column = offset + 1;
  }
}

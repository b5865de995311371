/**
 * Run search over the file store: filter and order in memory, loading only the data parts they
 * read, then page; the last search's order is kept so its next pages do not sort again.
 */
import type { Run, RunInfo } from '../../model/entities';
import { StoreError, throwIfAborted, type StoreProblem } from '../storeErrors';
import type { ProblemPage, SearchRunsRequest } from '../trackingStore';
import { decodePageToken, encodePageToken, pageSize, queryFingerprint } from '../pageToken';
import { FilterSyntaxError, type FilterAst } from '../../search/filterAst';
import { evaluateFilter, requiredData } from '../../search/filterEval';
import { parseFilter } from '../../search/filterParser';
import { compileOrderClauses, orderRequiredData, parseOrderBy, type OrderClause } from '../../search/orderBy';
import type { ExperimentEntry } from './experimentReader';
import { viewMatches, type ExperimentListing } from './experimentListing';
import type { RunCatalog } from './runCatalog';
import { PARTS, runView, selection, toRun, union, type Parts, type RunEntry, type RunListing } from './runEntry';

export class RunSearch {
  /** The last search's order, reused for its next pages while its listings are unchanged. */
  private lastSearch: { fingerprint: string; listings: RunListing[]; ordered: RunEntry[] } | undefined;

  constructor(
    private readonly catalog: RunCatalog,
    private readonly experiments: () => Promise<ExperimentListing>,
  ) {}

  async search(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>> {
    throwIfAborted(signal);
    let filter: FilterAst;
    let order: OrderClause[];
    try {
      filter = parseFilter(request.filter);
      order = parseOrderBy(request.orderBy);
    } catch (e) {
      invalidSearch(e);
    }
    const want = selection(request.include);
    const size = pageSize(request.maxResults, 1000, 50000);
    const fingerprint = queryFingerprint(['runs', [...request.experimentIds].sort(), request.viewType ?? 'ACTIVE_ONLY', request.filter?.trim() ?? '', request.orderBy ?? []]);
    const offset = decodePageToken(request.pageToken, fingerprint);

    const problems: StoreProblem[] = [];
    const matching: RunEntry[] = [];
    const experiments = await this.experiments();
    // Unknown ids match nothing, as MLflow's runs/search answers `{}` for them. The experiments
    // are listed together so their reads share the workers.
    const wanted = [...new Set(request.experimentIds)].map((id) => experiments.entries.find((e) => e.name === id)).filter((e): e is ExperimentEntry => !!e);
    const listings = await Promise.all(wanted.map((exp) => this.catalog.listing(exp, signal)));
    if (offset === 0) for (const listing of listings) problems.push(...listing.problems);
    // The next page of the same query over the same listings reuses the filtered, sorted order.
    const cached = this.lastSearch;
    const reuse = cached && cached.fingerprint === fingerprint && cached.listings.length === listings.length && cached.listings.every((l, i) => l === listings[i]);
    if (!reuse) {
      for (const listing of listings) {
        for (const e of listing.entries) if (viewMatches(e.info.lifecycle_stage, request.viewType)) matching.push(e);
      }
    }
    // What the filter and the order read is loaded for every candidate; the rest for the page only.
    const filterNeeds = requiredData(filter);
    const needed: Partial<Parts> = { ...orderRequiredData(order) };
    needed.params ||= filterNeeds.params;
    needed.metrics ||= filterNeeds.metrics;
    needed.tags ||= filterNeeds.tags;
    needed.inputs = filterNeeds.datasets;
    const before = union({ params: false, metrics: false, tags: false, inputs: false }, needed);
    let ordered: RunEntry[];
    if (reuse) ordered = cached.ordered;
    else {
      if (before.params || before.metrics || before.tags || before.inputs) await this.catalog.ensureData(matching, before, signal);
      let views = matching.map((entry) => ({ entry, run: runView(entry) }));
      if (filter.clauses.length > 0) views = views.filter((v) => evaluateFilter(filter, v.run));
      const compare = isDefaultOrder(order) ? (a: Run, b: Run) => defaultOrder(a.info, b.info) : compileOrderClauses(order);
      views.sort((a, b) => compare(a.run, b.run));
      ordered = views.map((v) => v.entry);
      this.lastSearch = { fingerprint, listings, ordered };
    }
    const total = ordered.length;
    const pageEntries = ordered.slice(offset, offset + size);
    await this.catalog.ensureData(pageEntries, want, signal);
    const items = pageEntries.map((e) => toRun(e, want));
    for (const e of pageEntries) {
      for (const part of PARTS) if (want[part]) problems.push(...(e.dataProblems[part] ?? []));
    }
    const page: ProblemPage<Run> = { items, problems, totalCount: total };
    if (offset + size < total) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    this.catalog.scheduleSave();
    return page;
  }

  clear(): void {
    this.lastSearch = undefined;
  }
}

function invalidSearch(e: unknown): never {
  if (e instanceof FilterSyntaxError) throw new StoreError('invalidArgument', e.message, undefined, { cause: e });
  throw e;
}

/** `start_time DESC, run_id ASC` only: MLflow's default, compared without the generic machinery. */
function isDefaultOrder(order: readonly OrderClause[]): boolean {
  return (
    order.length === 2 &&
    order[0]!.entity === 'attribute' && order[0]!.key === 'start_time' && !order[0]!.ascending &&
    order[1]!.entity === 'attribute' && order[1]!.key === 'run_id' && order[1]!.ascending
  );
}

function defaultOrder(a: RunInfo, b: RunInfo): number {
  if (a.start_time !== b.start_time) {
    if (a.start_time === undefined) return 1;
    if (b.start_time === undefined) return -1;
    return b.start_time - a.start_time;
  }
  return a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0;
}

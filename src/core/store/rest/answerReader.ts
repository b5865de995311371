/**
 * Reads a REST server's JSON answers into entities: one entity, a list, or a page whose unreadable
 * entries become problems and whose `next_page_token` the page guard judges.
 */
import { StoreError, type StoreProblem } from '../storeErrors';
import type { ProblemPage } from '../trackingStore';
import { asObject, list, MappingError, optionalString } from './mapping';
import type { PageGuard } from './pageGuard';

export class AnswerReader {
  constructor(
    private readonly uri: string,
    private readonly guard: PageGuard,
    /** The HTTP client's `clean`: messages may quote what a server sent, credentials included. */
    private readonly clean: (message: string) => string,
  ) {}

  /** Maps one page; an entry that does not map becomes a problem, and the page guard judges the token. */
  page<T>(
    answer: Record<string, unknown>,
    field: string,
    map: (value: unknown) => T,
    query: string,
    sentToken: string | undefined,
    identify: (item: unknown) => Pick<StoreProblem, 'experimentId' | 'runId'>,
  ): ProblemPage<T> {
    const items: T[] = [];
    const problems: StoreProblem[] = [];
    const raw = this.items(answer, field);
    for (const item of raw) {
      try {
        items.push(map(item));
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        problems.push({ location: this.uri, scope: field === 'metrics' ? 'value' : field === 'experiments' ? 'experiment' : 'run', ...definedOnly(identify(item)), message: this.clean(`Skipped an entry of "${field}" the server sent: ${error.message}.`) });
      }
    }
    const token = optionalString(answer, 'next_page_token');
    const verdict = this.guard.check(query, sentToken, token || undefined, raw.length);
    if (verdict.problem) problems.push(verdict.problem);
    return { items, problems, ...(verdict.nextPageToken ? { nextPageToken: verdict.nextPageToken } : {}) };
  }

  items(answer: Record<string, unknown>, field: string): unknown[] {
    return this.map(answer, (value) => list(asObject(value, 'the answer'), field));
  }

  one<T>(answer: Record<string, unknown>, field: string, map: (value: unknown) => T): T {
    return this.map(answer[field], map, field);
  }

  /** Applies a mapper; a MappingError here fails the call as `corrupt`, naming the server. */
  map<T>(value: unknown, map: (value: unknown) => T, field?: string): T {
    try {
      if (field !== undefined && value === undefined) throw new MappingError(`the answer has no "${field}"`);
      return map(value);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      throw new StoreError('corrupt', this.clean(`The server at ${this.uri} sent data that cannot be read: ${error.message}.`), this.uri, { cause: error });
    }
  }
}

export function asObjectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function idOf(value: unknown, key: string): string | undefined {
  const id = asObjectOrEmpty(value)[key];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

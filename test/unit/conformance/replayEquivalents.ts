/**
 * Requests MLflow answers exactly as it answered a recorded one, by its own documented rules, so a
 * client that spells defaults differently (the CLI asks for 1000 results a page and names the
 * ACTIVE_ONLY view) can be replayed without inventing answers:
 * - a search whose recorded answer was complete (no `next_page_token`, no `page_token` sent) gives
 *   the same answer for any `max_results` at least as large as the number of items it returned;
 * - ACTIVE_ONLY is the default `view_type` / `run_view_type`;
 * - the server without auth ignores any Authorization header (recorded: `auth-none__*`).
 */
import type { Exchange } from '../rest/replayServer';

const SEARCHES: Record<string, { items: string; view: string }> = {
  '/api/2.0/mlflow/experiments/search': { items: 'experiments', view: 'view_type' },
  '/api/2.0/mlflow/runs/search': { items: 'runs', view: 'run_view_type' },
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The recorded exchanges plus, for each complete search, its variants with the given page sizes and the view spelled out. */
export function withEquivalentSearches(exchanges: readonly Exchange[], pageSizes: readonly number[]): Exchange[] {
  const out = [...exchanges];
  for (const exchange of exchanges) {
    const { request, response } = exchange;
    const search = SEARCHES[request.path];
    if (!search || request.method !== 'POST' || response?.status !== 200) continue;
    if (!isObject(request.body) || !isObject(response.body)) continue;
    if ('page_token' in request.body || 'next_page_token' in response.body) continue;
    const items = response.body[search.items];
    const count = Array.isArray(items) ? items.length : 0;
    const views = request.body[search.view] === undefined ? [undefined, 'ACTIVE_ONLY'] : [request.body[search.view]];
    const sizes = [request.body['max_results'], ...pageSizes.filter((size) => size >= count)];
    for (const size of sizes) {
      for (const view of views) {
        const body: Record<string, unknown> = { ...request.body };
        if (size === undefined) delete body['max_results'];
        else body['max_results'] = size;
        if (view !== undefined) body[search.view] = view;
        out.push({ ...exchange, name: `${exchange.name} (max_results ${String(size)}, view ${String(view)})`, request: { ...request, body } });
      }
    }
  }
  return out;
}

/** The exchanges as the no-auth server answers them for a client sending `authorization`. */
export function withAuthorization(exchanges: readonly Exchange[], authorization: string): Exchange[] {
  return exchanges.map((e) => (e.request.headers ? { ...e, request: { ...e.request, headers: { ...e.request.headers, authorization } } } : e));
}

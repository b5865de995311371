/**
 * One request to a served model's `/invocations` and what it answered. MLflow's scoring server
 * answers `{"predictions": …}` (a bare JSON value before MLflow 2.0), and a refusal as
 * `{"error_code": …, "message": …, "stack_trace"?: …}` with status 400 or 500; anything else (a proxy's
 * HTML page, a crash) is shown as the text it was.
 */

export interface Invocation {
  ok: boolean;
  /** The HTTP status; absent when nothing answered. */
  status?: number;
  /** The model's output (the `predictions` member, or the whole JSON answer of an older server). */
  predictions?: unknown;
  /** A successful answer that was not JSON. */
  text?: string;
  errorCode?: string;
  message?: string;
  stackTrace?: string;
}

const MAX_SHOWN_TEXT = 64 * 1024;

function clip(text: string): string {
  return text.length > MAX_SHOWN_TEXT ? `${text.slice(0, MAX_SHOWN_TEXT)}… (${text.length} characters in all)` : text;
}

function parsedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export function parseInvocationResponse(status: number, body: string): Invocation {
  const json = parsedJson(body);
  const object = json && typeof json.value === 'object' && json.value !== null && !Array.isArray(json.value) ? (json.value as Record<string, unknown>) : undefined;
  if (status >= 200 && status < 300) {
    if (!json) return { ok: true, status, text: clip(body) };
    return { ok: true, status, predictions: object && 'predictions' in object ? object['predictions'] : json.value };
  }
  const message = typeof object?.['message'] === 'string' ? object['message'] : clip(body.trim()) || `HTTP ${status} with an empty answer`;
  return {
    ok: false,
    status,
    message,
    ...(typeof object?.['error_code'] === 'string' ? { errorCode: object['error_code'] } : {}),
    ...(typeof object?.['stack_trace'] === 'string' ? { stackTrace: clip(object['stack_trace']) } : {}),
  };
}

export interface InvokeOptions {
  signal?: AbortSignal;
  /** A prediction may take long (a big model's first call); a hung server must not hold the panel forever. */
  timeoutMs?: number;
}

/** POSTs `body` (JSON text, already checked) to `<baseUrl>/invocations`. Never throws for HTTP or network failures. */
export async function invokeModel(baseUrl: string, body: string, options: InvokeOptions = {}): Promise<Invocation> {
  const url = `${baseUrl.replace(/\/+$/, '')}/invocations`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) return { ok: false, message: `${url} did not answer within ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s.` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code === 'ECONNREFUSED' ? 'nothing listens there: the server has stopped or has not started yet (see its terminal)' : (cause?.message ?? (error instanceof Error ? error.message : String(error)));
    return { ok: false, message: `No answer from ${url}: ${reason}.` };
  }
  return parseInvocationResponse(response.status, await response.text());
}

/** True once the scoring server answers `GET /ping` with 200. */
export async function pingModelServer(baseUrl: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/ping`, { signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(5_000)]) : AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

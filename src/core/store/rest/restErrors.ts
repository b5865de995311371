/**
 * Turns what an MLflow server (or whatever stands in front of it) answered into a `StoreError`
 * whose message says in plain words what went wrong and what to do. Messages never carry
 * credentials: callers pass every text through their scrubber before it leaves the client.
 */
import { StoreError, type StoreErrorReason } from '../storeErrors';
import type { AuthScheme } from './credentials';

/** What kind of failure a REST error is, for callers that need more than the `reason`. */
export type RestFailure =
  | 'connection'
  | 'timeout'
  | 'tls'
  | 'httpStatus'
  | 'mlflowError'
  | 'htmlInsteadOfJson'
  | 'hostNotAllowed'
  | 'redirected'
  | 'invalidJson'
  | 'tooLarge';

export class RestStoreError extends StoreError {
  constructor(
    reason: StoreErrorReason,
    message: string,
    location: string | undefined,
    readonly failure: RestFailure,
    readonly status?: number,
    /** MLflow's `error_code` (`RESOURCE_DOES_NOT_EXIST`…), when the server sent one. */
    readonly errorCode?: string,
    options?: { cause?: unknown },
  ) {
    super(reason, message, location, options);
  }
}

/** Where a request went, for messages: the server's origin, the API path and the full URL. */
export interface RequestContext {
  origin: string;
  path: string;
  /** The request URL with secrets redacted; becomes the error's `location`. */
  url: string;
  /** The auth scheme that was sent, if any (tells "asks for credentials" from "rejected them"). */
  authScheme?: AuthScheme;
  timeoutMs: number;
}

export interface ReceivedResponse {
  status: number;
  contentType: string;
  bodyText: string;
  redirectTo?: string;
}

const HOST_CHECK_TEXT = 'Invalid Host header';

/** The `code` of the error the HTTP client raises when its own deadline fires. */
export const TIMEOUT_CODE = 'MLFLOW_LENS_TIMEOUT';

/** The error for a response that is not a usable 2xx JSON answer. */
export function errorFromResponse(res: ReceivedResponse, ctx: RequestContext): RestStoreError {
  const { status } = res;
  const mlflow = parseMlflowError(res);
  const html = looksLikeHtml(res);
  const make = (reason: StoreErrorReason, failure: RestFailure, message: string): RestStoreError =>
    new RestStoreError(reason, message, ctx.url, failure, status, mlflow?.errorCode);

  if (status === 403 && res.bodyText.includes(HOST_CHECK_TEXT)) {
    const host = hostOf(ctx.origin);
    return make(
      'unreachable',
      'hostNotAllowed',
      `The MLflow server at ${ctx.origin} refused the host name "${host}" (HTTP 403 "${HOST_CHECK_TEXT}"). ` +
        `MLflow 3.5 and later only accept local host names unless told otherwise: start the server with ` +
        `\`--allowed-hosts ${host}\` (or set MLFLOW_SERVER_ALLOWED_HOSTS).`,
    );
  }
  if (status >= 300 && status < 400) {
    return make('unreachable', 'redirected', redirectMessage(res.redirectTo, ctx));
  }
  if (status === 401 || status === 403 || mlflow?.errorCode === 'UNAUTHENTICATED') {
    return make('unauthorized', mlflow ? 'mlflowError' : 'httpStatus', unauthorizedMessage(status, ctx, mlflow));
  }
  if (mlflow) {
    return make(
      reasonForErrorCode(mlflow.errorCode, status),
      'mlflowError',
      `The MLflow server answered ${ctx.path} with ${mlflow.errorCode} (HTTP ${status}): ${mlflow.message}`,
    );
  }
  if (html) {
    const title = htmlTitle(res.bodyText);
    const shown = title ? ` ("${title}")` : '';
    if (status === 404 || status === 405) {
      return make(
        'unsupported',
        'htmlInsteadOfJson',
        `The server at ${ctx.origin} has no ${ctx.path} endpoint (HTTP ${status}${shown}): it may be an older ` +
          `MLflow, not an MLflow server at all, or the tracking URI may carry a wrong path.`,
      );
    }
    return make(
      'unreachable',
      'htmlInsteadOfJson',
      `The server at ${ctx.origin} answered ${ctx.path} with an HTML page${shown} instead of MLflow's JSON ` +
        `(HTTP ${status}). A proxy or a login page is probably in front of MLflow: check the tracking URI ` +
        `and that this machine may reach the MLflow API directly.`,
    );
  }
  if (status >= 200 && status < 300) {
    return make(
      'corrupt',
      'invalidJson',
      `The server at ${ctx.origin} answered ${ctx.path} with something that is not JSON ` +
        `(content type "${res.contentType || 'none'}"): ${snippet(res.bodyText)}`,
    );
  }
  return make(
    reasonForStatus(status),
    'httpStatus',
    `The server at ${ctx.origin} answered ${ctx.path} with HTTP ${status}${res.bodyText ? `: ${snippet(res.bodyText)}` : '.'}`,
  );
}

/** The error for a request that got no complete answer (refused, dropped, timed out, TLS). */
export function errorFromTransport(error: unknown, ctx: RequestContext): RestStoreError {
  const code = errorCode(error);
  const where = `the MLflow server at ${ctx.origin}`;
  const make = (failure: RestFailure, message: string): RestStoreError =>
    new RestStoreError('unreachable', message, ctx.url, failure, undefined, undefined, { cause: error });

  if (code === TIMEOUT_CODE) {
    return make('timeout', `${capitalise(where)} did not answer ${ctx.path} within ${seconds(ctx.timeoutMs)}.`);
  }
  if (code !== undefined && TLS_CODES.has(code)) {
    return make(
      'tls',
      `The TLS certificate of ${ctx.origin} is not trusted (${code}). Set a CA bundle for this server in the ` +
        `connection settings, or turn TLS verification off for it if you trust the network.`,
    );
  }
  switch (code) {
    case 'ERR_INVALID_CHAR':
    case 'ERR_INVALID_HTTP_TOKEN':
      return new RestStoreError(
        'invalidArgument',
        `A header for ${ctx.origin} holds characters HTTP headers cannot carry (check the custom headers, ` +
          `workspace and token): ${error instanceof Error ? error.message : String(error)}`,
        ctx.url,
        'connection',
        undefined,
        undefined,
        { cause: error },
      );
    case 'ECONNREFUSED':
      return make('connection', `Cannot reach ${where}: connection refused. Is \`mlflow server\` running on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('connection', `Cannot reach ${where}: the host name "${hostOf(ctx.origin)}" was not found.`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return make('connection', `${capitalise(where)} dropped the connection before answering ${ctx.path} completely.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return make('connection', `Cannot reach ${where}: the network has no route to it (${code}).`);
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return make('connection', `Cannot reach ${where} (${ctx.path}): ${detail}`);
    }
  }
}

/** The error for a body larger than the client accepts. */
export function errorTooLarge(ctx: RequestContext, limitBytes: number): RestStoreError {
  return new RestStoreError(
    'unsupported',
    `The answer of ${ctx.origin} to ${ctx.path} is larger than ${Math.round(limitBytes / 1048576)} MB; it was not read.`,
    ctx.url,
    'tooLarge',
  );
}

/** An answer with a JSON content type that does not parse. */
export function errorInvalidJson(ctx: RequestContext, status: number, cause: unknown): RestStoreError {
  return new RestStoreError(
    'corrupt',
    `The server at ${ctx.origin} sent invalid JSON for ${ctx.path} (HTTP ${status}).`,
    ctx.url,
    'invalidJson',
    status,
    undefined,
    { cause },
  );
}

function redirectMessage(target: string | undefined, ctx: RequestContext): string {
  try {
    const url = new URL(target ?? '', ctx.origin);
    if (target && url.origin !== ctx.origin && url.pathname === new URL(ctx.url).pathname) {
      return `The server at ${ctx.origin} redirected ${ctx.path} to ${url.origin}: use ${url.origin} as the tracking URI.`;
    }
  } catch {
    // an unparsable Location header: say what it was
  }
  // The target goes last: redaction of a `token=` query cuts up to the next space.
  return (
    `The server at ${ctx.origin} redirected ${ctx.path} instead of answering. MLflow's API does not redirect: ` +
    `a proxy or a login page is probably in front of it; check the tracking URI.${target ? ` Redirect target: ${target}` : ''}`
  );
}

function unauthorizedMessage(status: number, ctx: RequestContext, mlflow: MlflowError | undefined): string {
  const said = mlflow ? ` The server said: ${mlflow.message}` : '';
  if (status === 403) {
    return `The MLflow server at ${ctx.origin} denied access to ${ctx.path} (HTTP 403): the account has no permission for it.${said} Enter other credentials if you have them.`;
  }
  if (ctx.authScheme) {
    const what = ctx.authScheme === 'basic' ? 'username and password' : 'token';
    return `The MLflow server at ${ctx.origin} rejected the ${what} (HTTP ${status}). Enter the credentials again.${said}`;
  }
  return `The MLflow server at ${ctx.origin} asks for credentials (HTTP ${status}). Enter a username and password or a token for it.${said}`;
}

interface MlflowError {
  errorCode: string;
  message: string;
}

function parseMlflowError(res: ReceivedResponse): MlflowError | undefined {
  if (!res.bodyText.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(res.bodyText);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { error_code: errorCode, message } = parsed as Record<string, unknown>;
    if (typeof errorCode !== 'string') return undefined;
    return { errorCode, message: typeof message === 'string' ? snippet(message, 500) : '' };
  } catch {
    return undefined;
  }
}

function reasonForErrorCode(code: string, status: number): StoreErrorReason {
  switch (code) {
    case 'RESOURCE_DOES_NOT_EXIST':
    case 'NOT_FOUND':
      return 'notFound';
    case 'INVALID_PARAMETER_VALUE':
    case 'BAD_REQUEST':
    case 'INVALID_STATE':
      return 'invalidArgument';
    case 'UNAUTHENTICATED':
    case 'CUSTOMER_UNAUTHORIZED':
    case 'PERMISSION_DENIED':
      return 'unauthorized';
    case 'NOT_IMPLEMENTED':
    case 'FEATURE_DISABLED':
      return 'unsupported';
    default:
      return reasonForStatus(status);
  }
}

function reasonForStatus(status: number): StoreErrorReason {
  if (status === 404 || status === 410) return 'notFound';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 405 || status === 501) return 'unsupported';
  if (status === 408 || status === 429) return 'unreachable'; // busy or rate-limited: try again later
  if (status >= 400 && status < 500) return 'invalidArgument';
  return 'unreachable';
}

function looksLikeHtml(res: ReceivedResponse): boolean {
  if (/text\/html/i.test(res.contentType)) {
    // MLflow 2.x sends its own plain 401 text as text/html; only real markup counts as a page.
    return /<\s*(!doctype|html|head|body|title|h1|p)\b/i.test(res.bodyText);
  }
  return /^\s*<(!doctype|html)\b/i.test(res.bodyText);
}

function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(html) ?? /<h1[^>]*>([^<]{1,200})<\/h1>/i.exec(html);
  return match?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
}

function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'EPROTO',
]);

/**
 * Credentials for an MLflow tracking server, and where they come from. Basic credentials beat a
 * bearer token when both are present, as in MLflow's own client code (its docstring says the
 * opposite; the code is what servers see).
 */

export interface Credentials {
  username?: string;
  password?: string;
  token?: string;
}

/**
 * Supplies credentials for each request, so the VS Code layer can read them from SecretStorage
 * and the CLI from the environment. May be async; called once per request attempt.
 */
export type CredentialsProvider = () => Credentials | undefined | Promise<Credentials | undefined>;

export type AuthScheme = 'basic' | 'bearer';

export interface AuthHeader {
  scheme: AuthScheme;
  value: string;
  /** The literal secrets inside the header, so they can be scrubbed from any text we emit. */
  secrets: string[];
}

/** `MLFLOW_TRACKING_USERNAME` / `PASSWORD` / `TOKEN` from an environment; empty values count as unset. */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const username = nonEmpty(env['MLFLOW_TRACKING_USERNAME']);
  const password = nonEmpty(env['MLFLOW_TRACKING_PASSWORD']);
  const token = nonEmpty(env['MLFLOW_TRACKING_TOKEN']);
  if (username === undefined && password === undefined && token === undefined) return undefined;
  return { username, password, token };
}

/** The `Authorization` header for these credentials, or undefined when they are not usable. */
export function authorizationHeader(credentials: Credentials | undefined): AuthHeader | undefined {
  if (!credentials) return undefined;
  const { username, password, token } = credentials;
  if (username !== undefined && password !== undefined) {
    const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    return { scheme: 'basic', value: `Basic ${encoded}`, secrets: [password, encoded] };
  }
  if (token !== undefined) return { scheme: 'bearer', value: `Bearer ${token}`, secrets: [token] };
  return undefined;
}

/**
 * Replaces every occurrence of the given secrets in a text. Used on top of `redact()` because a
 * server may echo a password or token back in a body that `redact()` has no pattern for.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  // Even a very short secret is replaced: a mangled message is better than a leaked password.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The key a server's credentials are kept under: scheme, host and port (lower case), and path
 * without a trailing slash. `http://Host:5000/` and `http://host:5000` share credentials; two
 * servers behind one host at different paths do not.
 */
export function credentialsKey(trackingUri: string): string {
  const url = new URL(trackingUri.trim());
  return `mlflowLens.credentials:${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}

/** Reads credentials saved as JSON; anything malformed counts as none saved. */
export function parseSavedCredentials(json: string | undefined): Credentials | undefined {
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const field = (key: string): string | undefined => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
  const credentials: Credentials = { username: field('username'), password: field('password'), token: field('token') };
  return authorizationHeader(credentials) ? credentials : undefined;
}

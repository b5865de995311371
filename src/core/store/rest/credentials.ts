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

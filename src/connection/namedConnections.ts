/**
 * Named connections (`mlflowLens.connections`: `[{ name, trackingUri }]`) as plain data: reading the
 * setting defensively, adding, removing, and naming the active store. No `vscode` here; credentials
 * never live in this setting (they stay in SecretStorage, see `credentials.ts`).
 */

export interface NamedConnection {
  name: string;
  trackingUri: string;
}

/**
 * `scheme://user:password@host` or `scheme://TOKEN@host`: any user-info typed into a URI would be
 * saved in plain text and shown wherever the URI is.
 */
const CREDENTIALS_IN_URI = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\\s]*@/i;

/** Why a tracking URI cannot be saved, or undefined when it can (syntax only: the store may be offline). */
export function trackingUriProblem(uri: string): string | undefined {
  const trimmed = uri.trim();
  if (!trimmed) return 'Enter a tracking URI.';
  if (CREDENTIALS_IN_URI.test(trimmed)) {
    return 'Do not put credentials (a password or token before @) in the URI: it would be stored in plain text. Credentials are asked for separately.';
  }
  return undefined;
}

/** Why a name cannot be given to a new connection, or undefined when it can. */
export function connectionNameProblem(existing: readonly NamedConnection[], name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name for the connection.';
  if (existing.some((c) => c.name === trimmed)) return `A connection named "${trimmed}" already exists.`;
  return undefined;
}

/**
 * The valid entries of the setting and a sentence for each entry that was skipped (shown once in
 * the log): the setting is hand-edited JSON and must never stop the explorer.
 */
export function readConnections(raw: unknown): { connections: NamedConnection[]; problems: string[] } {
  const connections: NamedConnection[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { connections, problems };
  if (!Array.isArray(raw)) return { connections, problems: ['mlflowLens.connections must be an array of { name, trackingUri }.'] };
  raw.forEach((entry: unknown, index) => {
    const where = `mlflowLens.connections[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where} is not an object with a name and a trackingUri.`);
      return;
    }
    const { name, trackingUri } = entry as { name?: unknown; trackingUri?: unknown };
    if (typeof name !== 'string' || !name.trim()) problems.push(`${where} has no name.`);
    else if (typeof trackingUri !== 'string' || !trackingUri.trim()) problems.push(`${where} ("${name}") has no trackingUri.`);
    else if (trackingUriProblem(trackingUri)) problems.push(`${where} ("${name}") holds credentials in its URI and is ignored.`);
    else if (connections.some((c) => c.name === name.trim())) problems.push(`${where}: the name "${name}" is used twice; the first one counts.`);
    else connections.push({ name: name.trim(), trackingUri: trackingUri.trim() });
  });
  return { connections, problems };
}

/** The list with `added` appended, or replacing the entry of the same name in place. */
export function withConnection(list: readonly NamedConnection[], added: NamedConnection): NamedConnection[] {
  const entry = { name: added.name.trim(), trackingUri: added.trackingUri.trim() };
  const index = list.findIndex((c) => c.name === entry.name);
  return index < 0 ? [...list, entry] : list.map((c, i) => (i === index ? entry : c));
}

export function withoutConnection(list: readonly NamedConnection[], name: string): NamedConnection[] {
  return list.filter((c) => c.name !== name);
}

/** Compares tracking URIs as typed: trailing slashes and a `file://` prefix do not make another store. */
export function sameTrackingUri(a: string, b: string): boolean {
  const normal = (uri: string) => uri.trim().replace(/^file:\/\//i, '').replace(/\/+$/, '');
  return normal(a) === normal(b);
}

/** The name of the first connection pointing at this URI, if any (the status bar shows it). */
export function connectionNameFor(list: readonly NamedConnection[], uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  return list.find((c) => sameTrackingUri(c.trackingUri, uri))?.name;
}

/** A name to offer for a new connection: the host of a server, or the folder holding a local store. */
export function suggestedConnectionName(uri: string): string {
  const http = /^https?:\/\/(?:[^@/]*@)?([^/?#:]+)/i.exec(uri.trim());
  if (http) return http[1] ?? '';
  const parts = uri.trim().replace(/^(sqlite|file):\/+/i, '/').split(/[\\/]+/).filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  const folder = /^(mlruns|mlflow\.db)$/i.test(last) ? parts[parts.length - 2] : undefined;
  return folder ?? last;
}

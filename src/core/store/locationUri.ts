/**
 * Decodes the locations MLflow records (`artifact_uri`, `artifact_location`, tracking URIs):
 * `file:` URIs (percent-encoded, Windows drives, `file:relative`), plain POSIX or Windows paths,
 * `mlflow-artifacts:` URIs and remote schemes. Paths come back with `/` separators; a Windows
 * drive path stays `C:/…` so callers on any OS can test or re-root it.
 */

export type DecodedLocation =
  | { kind: 'local'; path: string; absolute: boolean }
  /** `mlflow-artifacts:/<path>`: files under a tracking server's artifact root (`mlartifacts/`). */
  | { kind: 'mlflowArtifacts'; path: string }
  | { kind: 'remote'; scheme: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;
const DRIVE = /^[a-zA-Z]:([/\\]|$)/;

export function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` that is not an escape: decode what can be decoded.
    return text.replace(/%[0-9a-fA-F]{2}/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || DRIVE.test(p);
}

/** `file:` URI → path (`file:///C:/a%20b` → `C:/a b`, `file://host/share` → `//host/share`). */
export function fileUriToPath(uri: string): string {
  let rest = uri.slice('file:'.length);
  // Drop query/fragment: MLflow never writes them, and `#`/`?` in a path are percent-encoded.
  rest = rest.replace(/[?#].*$/, '');
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    let p = slash < 0 ? '/' : rest.slice(slash);
    p = slashes(percentDecode(p));
    if (/^\/[a-zA-Z]:(\/|$)/.test(p)) p = p.slice(1);
    if (host !== '' && host.toLowerCase() !== 'localhost') return `//${host}${p}`;
    return p;
  }
  let p = slashes(percentDecode(rest));
  if (/^\/[a-zA-Z]:(\/|$)/.test(p)) p = p.slice(1);
  return p;
}

/** Classifies and decodes a recorded location. */
export function decodeLocation(recorded: string): DecodedLocation {
  const text = recorded.trim();
  if (DRIVE.test(text)) return { kind: 'local', path: slashes(text), absolute: true };
  const m = SCHEME.exec(text);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    if (scheme === 'file') {
      const p = fileUriToPath(text);
      return { kind: 'local', path: p, absolute: isAbsolutePath(p) };
    }
    if (scheme === 'mlflow-artifacts') {
      let rest = text.slice(m[0].length);
      if (rest.startsWith('//')) {
        const slash = rest.indexOf('/', 2);
        rest = slash < 0 ? '' : rest.slice(slash);
      }
      return { kind: 'mlflowArtifacts', path: percentDecode(rest).replace(/^\/+/, '') };
    }
    return { kind: 'remote', scheme };
  }
  const p = slashes(text);
  return { kind: 'local', path: p, absolute: isAbsolutePath(p) };
}

/** Splits a `/`-separated path into its non-empty, non-`.` segments. */
export function pathSegments(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

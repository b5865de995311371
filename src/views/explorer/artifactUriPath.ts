/**
 * The parts of an artifact editor's URI, `mlflow-artifact://<runId>/<run name>/<artifact path>`: the run is
 * found by the id (the authority, which editors keep out of sight), and the run's name is the first path
 * segment, so tab titles, hovers and breadcrumbs say which run a file belongs to. No `vscode` here.
 */
import { normalizeArtifactPath } from '../../core/artifacts/artifactPath';

export interface ArtifactUriParts {
  authority: string;
  path: string;
}

const MAX_NAME_SEGMENT = 80;

/** The run's name as one path segment: slashes become '∕', no `.`/`..`, the id when it has no name. */
export function runNameSegment(runId: string, runName: string | undefined): string {
  const segment = (runName ?? '')
    .replace(/[/\\]/g, '∕')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, MAX_NAME_SEGMENT);
  return segment === '' || /^\.+$/.test(segment) ? runId : segment;
}

export function artifactUriParts(runId: string, artifactPath: string, runName?: string): ArtifactUriParts {
  return { authority: runId, path: `/${runNameSegment(runId, runName)}/${artifactPath}` };
}

/**
 * The run id and artifact path an artifact URI addresses. Also reads the URIs written before run
 * names were shown (`mlflow-artifact:/<runId>/<path>`), which restored editors may still hold.
 * Throws a StoreError (`invalidArgument`) for a path that would leave the run's artifact root.
 */
export function parseArtifactUriParts(parts: ArtifactUriParts): { runId: string; path: string } {
  // The first segment is the run's name, or in the older form its id.
  const [, first = '', ...rest] = parts.path.split('/');
  return { runId: parts.authority !== '' ? parts.authority : first, path: normalizeArtifactPath(rest.join('/')) };
}

/**
 * A URI query asking for only the first bytes of a large artifact (`head=<bytes>`), which is what
 * "Open Anyway" opens; undefined for a whole file. The bound is clamped to `max`.
 */
export function headBytesOf(query: string, max: number): number | undefined {
  const match = /(?:^|&)head=(\d{1,12})(?:&|$)/.exec(query);
  if (!match) return undefined;
  return Math.max(1, Math.min(Number(match[1]), max));
}

export function headQuery(bytes: number): string {
  return `head=${Math.floor(bytes)}`;
}

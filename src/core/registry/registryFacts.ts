/**
 * What MLflow itself decides about registry entries, shared by every store and the Models view:
 * which registered models are prompts, how a name filter matches, and the URIs MLflow loads models by.
 */
import type { ModelVersion, RegisteredModel } from '../model/entities';

/** The tag MLflow 3's prompt registry sets on registered models that are prompts. */
export const PROMPT_TAG = 'mlflow.prompt.is_prompt';

/** A prompt (MLflow keeps prompts as registered models tagged `mlflow.prompt.is_prompt = 'true'`). */
export function isPrompt(model: Pick<RegisteredModel, 'tags'>): boolean {
  return model.tags.some((t) => t.key === PROMPT_TAG && t.value.toLowerCase() === 'true');
}

/** Case-insensitive substring match, as MLflow's `name ILIKE '%text%'`. */
export function nameMatches(name: string, text: string | undefined): boolean {
  return !text || name.toLowerCase().includes(text.toLowerCase());
}

/** Characters MLflow 2.x's filter parser mishandles inside a quoted value, however they are escaped. */
const UNSAFE_IN_FILTER = /['"\\]/;

/**
 * An MLflow filter that finds at least every name containing `text` (callers still check with
 * `nameMatches`): MLflow 2.x matches nothing once a quote is in a filter value, so the longest part
 * of the text without one is searched instead.
 */
export function nameFilter(text: string): string {
  const longest = text.split(UNSAFE_IN_FILTER).reduce((a, b) => (b.length > a.length ? b : a), '');
  return `name ILIKE '%${longest}%'`;
}

/**
 * A filter for `model-versions/search` that finds at least every version of `name` (callers keep the
 * exact name): `name='…'`, or for a name with a quote, `name LIKE` its leading letters, digits and
 * spaces (MLflow 2.x matches nothing with a quote in the value, `''` and `\'` alike).
 */
export function exactNameFilter(name: string): string {
  if (!UNSAFE_IN_FILTER.test(name)) return `name='${name}'`;
  const prefix = (/^[\p{L}\p{N} _.-]*/u.exec(name)?.[0] ?? '').trimEnd();
  return `name LIKE '${prefix}%'`;
}

/** `models:/<name>/<version>` (MLflow puts the name in as it is). */
export function versionUri(name: string, version: string): string {
  return `models:/${name}/${version}`;
}

/** `models:/<name>@<alias>`. */
export function aliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}

/**
 * `runs:/<run_id>/<path>` for a version logged from a run: the source is already a `runs:/` URI, or
 * a path that holds `<run_id>/artifacts/<path>` (file, SQLite and server stores all write that).
 */
export function runsUri(version: Pick<ModelVersion, 'run_id' | 'source'>): string | undefined {
  const runId = version.run_id;
  if (!runId) return undefined;
  if (version.source.startsWith(`runs:/${runId}/`)) return version.source;
  const marker = `${runId}/artifacts/`;
  const at = version.source.indexOf(marker);
  if (at < 0) return undefined;
  const artifactPath = version.source.slice(at + marker.length).replace(/\/+$/, '');
  return artifactPath ? `runs:/${runId}/${artifactPath}` : undefined;
}

/** Versions carry their aliases: the registered model's `{alias, version}` list is the truth. */
export function withAliases(versions: readonly ModelVersion[], aliases: RegisteredModel['aliases']): ModelVersion[] {
  return versions.map((v) => ({ ...v, aliases: aliases.filter((a) => a.version === v.version).map((a) => a.alias).sort() }));
}

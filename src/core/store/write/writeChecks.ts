/**
 * MLflow's own input rules for the writes (mlflow/utils/validation.py of 2.12.2), applied before
 * any backend is touched so a bad value is refused the same way on every store.
 */
import path from 'node:path';
import { StoreError } from '../storeErrors';

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;
/** Python's `^[/\w.\- ]*$` with Unicode `\w` (letters, digits, underscore). */
const TAG_KEY = /^[/\p{L}\p{N}_.\- ]*$/u;
export const MAX_TAG_KEY_LENGTH = 250;
/** MLflow 2.x's run tag value limit (3.x raised it to 8000; the lower one is safe for both). */
export const MAX_TAG_VALUE_LENGTH = 5000;

function refuse(message: string): never {
  throw new StoreError('invalidArgument', message);
}

/** Length as Python counts it: code points, not UTF-16 units. */
function codePoints(text: string): number {
  return Array.from(text).length;
}

function wellFormed(text: string, what: string): void {
  // A lone surrogate has no UTF-8 form: MLflow could neither store nor return it.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    refuse(`${what} contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8.`);
  }
}

export function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId)) refuse(`Invalid run ID: '${runId}'.`);
}

export function checkExperimentId(experimentId: string): void {
  if (!EXPERIMENT_ID.test(experimentId)) refuse(`Invalid experiment ID: '${experimentId}'.`);
}

/** MLflow's `_validate_tag_name` plus the key length limit. */
export function checkTagKey(key: string): void {
  if (!TAG_KEY.test(key)) {
    refuse(`Invalid tag name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`);
  }
  // Python's posixpath.normpath drops a trailing slash; a name that is not already normal would
  // write outside its own file (`a/../b`, `/abs`, `.`).
  const norm = path.posix.normalize(key).replace(/(.)\/+$/, '$1');
  if (key === '' || norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    refuse(`Invalid tag name: '${key}'. Names cannot resolve to a different path when normalized, be empty, or start with '/' or '..'.`);
  }
  if (codePoints(key) > MAX_TAG_KEY_LENGTH) refuse(`Tag key '${key.slice(0, 250)}' has ${codePoints(key)} characters, more than MLflow's limit of ${MAX_TAG_KEY_LENGTH}.`);
}

export function checkTagValue(value: string, what = 'Tag value'): void {
  wellFormed(value, what);
  const length = codePoints(value);
  if (length > MAX_TAG_VALUE_LENGTH) refuse(`${what} has ${length} characters, more than MLflow's limit of ${MAX_TAG_VALUE_LENGTH}.`);
}

/** A run name is also the `mlflow.runName` tag value, so it has the same limit; empty is no name. */
export function checkRunName(name: string): void {
  if (name.trim() === '') refuse('A run name cannot be empty.');
  checkTagValue(name, 'The run name');
}

export function checkExperimentName(name: string): void {
  if (name === '') refuse('An experiment name cannot be empty.');
  wellFormed(name, 'The experiment name');
}

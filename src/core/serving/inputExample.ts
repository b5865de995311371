/**
 * The request Try It starts from, built from what MLflow saved with the model: the MLmodel's
 * `saved_input_example_info` says how `input_example.json` is encoded (a pandas `split`/`records`
 * DataFrame, a tensor saved as `{"inputs": …}`, a JSON object saved as is, optionally with inference
 * params), and MLflow 2.17+ also saves a ready-to-post `serving_input_example.json`. The result is a
 * body for the scoring server's `/invocations`, whose top level is one of `dataframe_split`,
 * `dataframe_records`, `instances` or `inputs` (plus `params`).
 */
import { parse } from 'yaml';

export const EXAMPLE_FILE = 'input_example.json';
export const SCORING_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

export interface InputExampleInfo {
  /** The example file, relative to the model folder. */
  artifactPath: string;
  /** `dataframe`, `ndarray`, `sparse_matrix_csc`/`_csr` or `json_object` (absent in old models). */
  type?: string;
  /** For a DataFrame: `split`, `records` or `values`. */
  pandasOrient?: string;
  /** A request MLflow built itself (MLflow 2.17+), relative to the model folder. */
  servingInputPath?: string;
  /** The example holds inference params: the file is `{"inputs": <data>, "params": {…}}`. */
  hasParams: boolean;
}

export interface MlmodelFacts {
  /** Absent when no example was logged with the model. */
  example?: InputExampleInfo;
  /** The input column names of a column-based signature, for a template when there is no example. */
  inputColumns: string[];
  flavors: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What an MLmodel file says about the model's input; `file` names it in errors. */
export function readMlmodel(text: string, file: string): MlmodelFacts {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (!isObject(doc)) throw new Error(`${file} is not an MLmodel file: it holds no YAML mapping.`);
  const flavors = isObject(doc['flavors']) ? Object.keys(doc['flavors']) : [];
  const info = doc['saved_input_example_info'];
  const example: InputExampleInfo | undefined = isObject(info)
    ? {
        artifactPath: optionalText(info['artifact_path']) ?? EXAMPLE_FILE,
        ...(optionalText(info['type']) ? { type: optionalText(info['type']) } : {}),
        ...(optionalText(info['pandas_orient']) ? { pandasOrient: optionalText(info['pandas_orient']) } : {}),
        ...(optionalText(info['serving_input_path']) ? { servingInputPath: optionalText(info['serving_input_path']) } : {}),
        hasParams: String(info['params'] ?? info['model_input_params'] ?? '').toLowerCase() === 'true',
      }
    : undefined;
  return { ...(example ? { example } : {}), inputColumns: signatureColumns(doc['signature']), flavors };
}

/** The signature's input names when it describes columns (`[{"name": …, "type": …}, …]` as JSON text). */
function signatureColumns(signature: unknown): string[] {
  if (!isObject(signature) || typeof signature['inputs'] !== 'string') return [];
  try {
    const inputs: unknown = JSON.parse(signature['inputs']);
    if (!Array.isArray(inputs)) return [];
    const names = inputs.map((i) => (isObject(i) && typeof i['name'] === 'string' && i['type'] !== 'tensor' ? i['name'] : undefined));
    return names.every((n): n is string => n !== undefined) ? names : [];
  } catch {
    return [];
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function scoringKeysOf(value: unknown): string[] {
  return isObject(value) ? SCORING_KEYS.filter((k) => k in value) : [];
}

/** The one-key request for the example data, by how MLflow encoded it (guessed from its shape when the MLmodel does not say). */
function requestFor(data: unknown, info: InputExampleInfo | undefined): Record<string, unknown> {
  if (info?.type === 'dataframe') return info.pandasOrient === 'records' ? { dataframe_records: data } : { dataframe_split: data };
  // A tensor example is saved already wrapped (`{"inputs": …}`, TF-serving style).
  if (scoringKeysOf(data).length === 1 && Object.keys(data as object).length === 1) return data as Record<string, unknown>;
  if (info?.type === undefined) {
    if (isObject(data) && Array.isArray(data['columns']) && Array.isArray(data['data'])) return { dataframe_split: data };
    if (Array.isArray(data) && data.length > 0 && data.every(isObject)) return { dataframe_records: data };
  }
  return { inputs: data };
}

/**
 * The body to POST to `/invocations`, pretty-printed for editing. `example` is the text of the
 * example file (`file` names it in errors); `servingInput`, when MLflow saved one, is used as it is.
 */
export function buildServingRequest(example: { text: string; file: string }, info: InputExampleInfo | undefined, servingInput?: { text: string; file: string }): string {
  if (servingInput) return JSON.stringify(parseJson(servingInput.text, servingInput.file), null, 2);
  const saved = parseJson(example.text, example.file);
  let data = saved;
  let params: unknown;
  if (info?.hasParams && isObject(saved) && 'inputs' in saved) {
    data = saved['inputs'];
    params = saved['params'];
  }
  const request = requestFor(data, info);
  return JSON.stringify(params === undefined ? request : { ...request, params }, null, 2);
}

/** A request to fill in when no example was logged: the signature's columns with empty values, or an empty `inputs`. */
export function templateRequest(inputColumns: readonly string[]): string {
  const body = inputColumns.length > 0 ? { dataframe_split: { columns: inputColumns, data: [inputColumns.map(() => null)] } } : { inputs: [] };
  return JSON.stringify(body, null, 2);
}

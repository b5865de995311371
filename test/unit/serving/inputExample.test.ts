/**
 * The Try It request from what MLflow saved with a model: the generated fixtures' sklearn models
 * (MLflow 2.12.2, a DataFrame example in pandas `split` orient) and each other format MLflow's
 * `_Example` writes (records, tensor `{"inputs": …}`, params, `serving_input_example.json`), plus the
 * templates offered when a model has no example.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { buildServingRequest, readMlmodel, templateRequest, type InputExampleInfo } from '../../../src/core/serving/inputExample';
import { fixturesDir } from '../conformance/backends';

const MODEL = path.join(fixturesDir, 'generated-mlruns', '868010962877203020', 'c6837e9babaf4e4f97aa06f8edac0c37', 'artifacts', 'model');
const COLUMNS = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

const json = (text: string): unknown => JSON.parse(text);
const file = (text: string, name = 'input_example.json') => ({ text, file: name });

void it('reads what the fixture MLmodel says about its example, signature and flavors', () => {
  const facts = readMlmodel(fs.readFileSync(path.join(MODEL, 'MLmodel'), 'utf8'), 'model/MLmodel');
  assert.deepEqual(facts.example, { artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split', hasParams: false });
  assert.deepEqual(facts.inputColumns, COLUMNS);
  assert.deepEqual(facts.flavors, ['python_function', 'sklearn']);
});

void it('a split DataFrame example becomes {"dataframe_split": …} with the example as saved', () => {
  const facts = readMlmodel(fs.readFileSync(path.join(MODEL, 'MLmodel'), 'utf8'), 'MLmodel');
  const exampleText = fs.readFileSync(path.join(MODEL, 'input_example.json'), 'utf8');
  const body = buildServingRequest(file(exampleText), facts.example);
  assert.deepEqual(json(body), { dataframe_split: json(exampleText) });
  assert.match(body, /\n {2}"dataframe_split": \{/, 'pretty-printed for editing');
});

void it('each format MLflow saves maps to the request its scoring server takes', () => {
  const info = (patch: Partial<InputExampleInfo>): InputExampleInfo => ({ artifactPath: 'input_example.json', hasParams: false, ...patch });
  const records = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }];
  assert.deepEqual(json(buildServingRequest(file(JSON.stringify(records)), info({ type: 'dataframe', pandasOrient: 'records' }))), { dataframe_records: records });
  // orient "values": data without columns, still a split frame.
  assert.deepEqual(json(buildServingRequest(file('{"data": [[1, 2]]}'), info({ type: 'dataframe', pandasOrient: 'values' }))), { dataframe_split: { data: [[1, 2]] } });
  // A tensor is saved already wrapped, TF-serving style.
  assert.deepEqual(json(buildServingRequest(file('{"inputs": [[1.5, 2.5]]}'), info({ type: 'ndarray' }))), { inputs: [[1.5, 2.5]] });
  assert.deepEqual(json(buildServingRequest(file('{"inputs": {"x": [1], "y": [2]}}'), info({ type: 'ndarray' }))), { inputs: { x: [1], y: [2] } });
  // A JSON object saved without conversion (an LLM's input) goes as `inputs`.
  assert.deepEqual(json(buildServingRequest(file('{"question": "why?"}'), info({ type: 'json_object' }))), { inputs: { question: 'why?' } });
  // With inference params: {"inputs": <data>, "params": {...}}.
  assert.deepEqual(
    json(buildServingRequest(file('{"inputs": {"columns": ["a"], "data": [[1]]}, "params": {"temperature": 0.5}}'), info({ type: 'dataframe', pandasOrient: 'split', hasParams: true }))),
    { dataframe_split: { columns: ['a'], data: [[1]] }, params: { temperature: 0.5 } },
  );
  assert.deepEqual(
    json(buildServingRequest(file('{"inputs": {"inputs": [1, 2]}, "params": {"k": 3}}'), info({ type: 'ndarray', hasParams: true }))),
    { inputs: [1, 2], params: { k: 3 } },
  );
});

void it('MLflow 2.17+ serving_input_example.json is used as it is', () => {
  const facts = readMlmodel(
    'flavors: {python_function: {}}\nsaved_input_example_info: {artifact_path: input_example.json, serving_input_path: serving_input_example.json, type: dataframe, pandas_orient: split}\n',
    'MLmodel',
  );
  assert.equal(facts.example?.servingInputPath, 'serving_input_example.json');
  const serving = '{"dataframe_split": {"columns": ["a"], "data": [[7]]}}';
  assert.deepEqual(json(buildServingRequest(file('ignored'), facts.example, file(serving, 'serving_input_example.json'))), json(serving));
});

void it('without MLmodel info (older models) the format is guessed from the example', () => {
  assert.deepEqual(json(buildServingRequest(file('{"columns": ["a"], "data": [[1]]}'), undefined)), { dataframe_split: { columns: ['a'], data: [[1]] } });
  assert.deepEqual(json(buildServingRequest(file('[{"a": 1}]'), undefined)), { dataframe_records: [{ a: 1 }] });
  assert.deepEqual(json(buildServingRequest(file('{"instances": [1]}'), undefined)), { instances: [1] });
  assert.deepEqual(json(buildServingRequest(file('[1, 2, 3]'), undefined)), { inputs: [1, 2, 3] });
});

void it('broken files are named in the error', () => {
  assert.throws(() => buildServingRequest(file('{"columns": [', 'model/input_example.json'), undefined), /model\/input_example\.json is not valid JSON/);
  assert.throws(() => readMlmodel('flavors: [unclosed', 'runs:/abc/model: MLmodel'), /runs:\/abc\/model: MLmodel is not valid YAML/);
  assert.throws(() => readMlmodel('- just a list', 'x/MLmodel'), /x\/MLmodel is not an MLmodel file/);
});

void it('templates: the signature columns with empty values, or an empty inputs list', () => {
  assert.deepEqual(json(templateRequest(['a', 'b'])), { dataframe_split: { columns: ['a', 'b'], data: [[null, null]] } });
  assert.deepEqual(json(templateRequest([])), { inputs: [] });
  assert.deepEqual(readMlmodel('signature:\n  inputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]\'\n', 'MLmodel').inputColumns, []);
});

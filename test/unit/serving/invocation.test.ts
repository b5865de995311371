/**
 * Posting to `/invocations` and reading the answer. The local server answers with the bodies MLflow
 * 2.12.2's scoring server gave for the fixture's sklearn model (recorded with `mlflow models serve
 * --env-manager local`): predictions, a schema refusal (400 INVALID_PARAMETER_VALUE), a request in an
 * unknown format (400 BAD_REQUEST); plus what a proxy or a crash gives instead (HTML, an empty 502).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { invokeModel, parseInvocationResponse, pingModelServer } from '../../../src/core/serving/invocation';
import { freePort } from '../../../src/core/serving/freePort';
import { checkRequestBody } from '../../../src/shared/scoringRequest';

const SCHEMA_REFUSAL = {
  error_code: 'INVALID_PARAMETER_VALUE',
  message:
    "Failed to predict data '   a\n0  1'. \nError: Failed to enforce schema of data '   a\n0  1' with schema '['sepal length (cm)': double (required), 'sepal width (cm)': double (required), 'petal length (cm)': double (required), 'petal width (cm)': double (required)]'. Error: Model is missing inputs ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']. Note that there were extra inputs: ['a']",
};
const FORMAT_REFUSAL = {
  error_code: 'BAD_REQUEST',
  message: "The input must be a JSON dictionary with exactly one of the input fields {'instances', 'inputs', 'dataframe_split', 'dataframe_records'}. Received dictionary with input fields: [].",
};

let server: http.Server;
let base: string;
const received: { method: string; url: string; type: string | undefined; body: string }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'], body });
      if (req.url === '/ping') return void res.writeHead(200).end('\n');
      const request = JSON.parse(body) as Record<string, unknown>;
      const reply = (status: number, payload: string, type = 'application/json') => res.writeHead(status, { 'Content-Type': type }).end(payload);
      if ('dataframe_split' in request && (request['dataframe_split'] as { columns: string[] }).columns[0] === 'a') return reply(400, JSON.stringify(SCHEMA_REFUSAL));
      if ('dataframe_split' in request) return reply(200, '{"predictions": [2, 1, 0]}');
      if ('legacy' in request) return reply(200, '[0.5, 0.25]');
      if ('proxy' in request) return reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html');
      if ('empty' in request) return reply(500, '');
      return reply(400, JSON.stringify(FORMAT_REFUSAL));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

void it('posts the body as JSON to /invocations and gives the predictions', async () => {
  const body = '{"dataframe_split": {"columns": ["sepal length (cm)"], "data": [[5.8]]}}';
  const result = await invokeModel(`${base}/`, body);
  assert.deepEqual(result, { ok: true, status: 200, predictions: [2, 1, 0] });
  assert.deepEqual(received.at(-1), { method: 'POST', url: '/invocations', type: 'application/json', body });
});

void it("a 400 from the model shows MLflow's message and error code", async () => {
  const schema = await invokeModel(base, '{"dataframe_split": {"columns": ["a"], "data": [[1]]}}');
  assert.deepEqual(schema, { ok: false, status: 400, errorCode: 'INVALID_PARAMETER_VALUE', message: SCHEMA_REFUSAL.message });
  const format = await invokeModel(base, '{"bogus": 1}');
  assert.equal(format.ok, false);
  assert.equal(format.status, 400);
  assert.match(format.message ?? '', /exactly one of the input fields/);
});

void it('an answer that is not MLflow JSON is shown as its text; an old server’s bare list is the predictions', async () => {
  assert.deepEqual(await invokeModel(base, '{"legacy": 1}'), { ok: true, status: 200, predictions: [0.5, 0.25] });
  assert.deepEqual(await invokeModel(base, '{"proxy": 1}'), { ok: false, status: 502, message: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
  assert.deepEqual(await invokeModel(base, '{"empty": 1}'), { ok: false, status: 500, message: 'HTTP 500 with an empty answer' });
  assert.deepEqual(parseInvocationResponse(200, 'plain text'), { ok: true, status: 200, text: 'plain text' });
  assert.deepEqual(parseInvocationResponse(500, '{"error_code": "INTERNAL_ERROR", "message": "boom", "stack_trace": "Traceback…"}'), {
    ok: false, status: 500, errorCode: 'INTERNAL_ERROR', message: 'boom', stackTrace: 'Traceback…',
  });
});

void it('nothing listening: a clear message naming the URL, no exception; ping says false', async () => {
  const port = await freePort();
  const result = await invokeModel(`http://127.0.0.1:${port}`, '{"inputs": []}');
  assert.equal(result.ok, false);
  assert.equal(result.status, undefined);
  assert.match(result.message ?? '', new RegExp(`No answer from http://127\\.0\\.0\\.1:${port}/invocations: nothing listens there`));
  assert.equal(await pingModelServer(`http://127.0.0.1:${port}`), false);
  assert.equal(await pingModelServer(base), true);
});

void it('the request check refuses invalid JSON with its place, and warns about a body MLflow would refuse', () => {
  const broken = checkRequestBody('{\n  "inputs": [1, 2,\n}');
  assert.equal(broken.ok, false);
  assert.match(broken.ok ? '' : broken.error, /^Not valid JSON at line 3, column 1: /);
  assert.deepEqual(checkRequestBody('  '), { ok: false, error: 'The request is empty: write a JSON object such as {"inputs": [...]}.' });
  assert.match((checkRequestBody('[1, 2]') as { error: string }).error, /must be a JSON object/);
  assert.deepEqual(checkRequestBody('{"inputs": [1]}'), { ok: true, value: { inputs: [1] } });
  assert.deepEqual(checkRequestBody('{"dataframe_split": {}, "params": {"k": 1}}'), { ok: true, value: { dataframe_split: {}, params: { k: 1 } } });
  assert.match((checkRequestBody('{"messages": []}') as { warning: string }).warning, /expects one of dataframe_split, dataframe_records, instances, inputs/);
  assert.match((checkRequestBody('{"inputs": [], "instances": []}') as { warning: string }).warning, /only one of instances, inputs/);
});

void it('the place of a JSON error is where JSON.parse stops, for each kind of mistake', () => {
  const cases: [string, string][] = [
    ['{"a": 1,}', 'line 1, column 9: unexpected "}"'],
    ['{"a": tru}', 'line 1, column 10: unexpected "}"'],
    ["{'a': 1}", `line 1, column 2: unexpected "'"`],
    ['{"a": [1, 2]', 'line 1, column 13: the text ends too early'],
    ['{"a": "x\\q"}', 'line 1, column 10: unexpected "q"'],
    ['{"a": "\\u12G4"}', 'line 1, column 12: unexpected "G"'],
    ['{"a": 01}', 'line 1, column 8: unexpected "1"'],
    ['{"a": 1} x', 'line 1, column 10: unexpected "x"'],
    ['{"a":\n"line\nbreak"}', 'line 2, column 6: unexpected line break'],
  ];
  for (const [text, place] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.deepEqual(checkRequestBody(text), { ok: false, error: `Not valid JSON at ${place}.` }, text);
  }
});

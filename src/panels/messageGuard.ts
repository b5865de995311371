/**
 * Runtime check of every message a webview sends to the host. A webview is a browser page that
 * renders untrusted store data, so the host treats its messages like network input: known kind,
 * known intent or method, parameters of the declared shape and bounded size, nothing else.
 * The schema table is a mapped type over the contract, so adding an intent without its check is a
 * compile error. Pure (no `vscode`), so it is tested in plain Node.
 */
import {
  ProtocolLimits,
  type EnvManagerId,
  type IntentsOf,
  type LaunchBackend,
  type LaunchValues,
  type MetricAggregate,
  type BetterDirection,
  type RunsTableLayout,
  type RunsTableSort,
  type PanelContracts,
  type PanelKind,
  type RequestsOf,
  type WebviewMessage,
} from '../shared/webviewProtocol';

export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

type Validator<T> = (value: unknown, where: string) => T;

function fail(where: string, expected: string): never {
  throw new ProtocolViolation(`${where}: expected ${expected}`);
}

const text =
  (maxLength: number): Validator<string> =>
  (value, where) =>
    typeof value === 'string' && value.length <= maxLength ? value : fail(where, `a string of at most ${maxLength} characters`);

const finiteNumber: Validator<number> = (value, where) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(where, 'a finite number');

const list =
  <T>(item: Validator<T>, maxItems: number): Validator<T[]> =>
  (value, where) => {
    if (!Array.isArray(value) || value.length > maxItems) return fail(where, `an array of at most ${maxItems} items`);
    return value.map((v, i) => item(v, `${where}[${i}]`));
  };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly these keys (unknown keys are refused, not ignored). */
const shape =
  <S extends Record<string, Validator<unknown>>>(fields: S): Validator<{ [F in keyof S]: ReturnType<S[F]> }> =>
  (value, where) => {
    if (!isPlainObject(value)) return fail(where, 'an object');
    for (const key of Object.keys(value)) if (!(key in fields)) fail(`${where}.${key}`, 'no such field');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(fields)) out[key] = check(value[key], `${where}.${key}`);
    return out as { [F in keyof S]: ReturnType<S[F]> };
  };

const nothing = shape({}) as Validator<Record<string, never>>;
const runId = text(ProtocolLimits.maxIdLength);
const metricKey = text(ProtocolLimits.maxKeyLength);

const oneOf =
  <T extends string>(...allowed: readonly T[]): Validator<T> =>
  (value, where) =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fail(where, `one of ${allowed.join(', ')}`);

/** A plain object of string → string with at most `maxKeys` keys (built without a prototype lookup, so `__proto__` stays a key). */
const textRecord =
  (key: Validator<string>, value: Validator<string>, maxKeys: number): Validator<Record<string, string>> =>
  (raw, where) => {
    if (!isPlainObject(raw)) return fail(where, 'an object');
    const entries = Object.entries(raw);
    if (entries.length > maxKeys) return fail(where, `an object of at most ${maxKeys} keys`);
    return Object.fromEntries(entries.map(([k, v]) => [key(k, `${where} key`), value(v, `${where}.${k.slice(0, 64)}`)]));
  };

const parameterName = text(ProtocolLimits.maxKeyLength);
const parameterValue = text(ProtocolLimits.maxParameterValueLength);

const launchValues: Validator<LaunchValues> = shape({
  entryPoint: text(ProtocolLimits.maxKeyLength),
  parameters: textRecord(parameterName, parameterValue, ProtocolLimits.maxLaunchParameters),
  extraParameters: list(shape({ key: parameterName, value: parameterValue }), ProtocolLimits.maxExtraParameters),
  envManager: oneOf<EnvManagerId>('local', 'virtualenv', 'conda', 'uv'),
  experimentName: text(ProtocolLimits.maxKeyLength),
  runName: text(ProtocolLimits.maxKeyLength),
  backend: oneOf<LaunchBackend>('local', 'databricks', 'kubernetes'),
  backendConfig: text(ProtocolLimits.maxPathLength),
});

/** Which field a path picker fills: the backend config, or a declared parameter by name. */
const pickerField: Validator<string> = (value, where) => {
  const field = text(ProtocolLimits.maxKeyLength + 'param:'.length)(value, where);
  return field === 'backendConfig' || (field.startsWith('param:') && field.length > 'param:'.length) ? field : fail(where, "'backendConfig' or 'param:<name>'");
};

/** Runs table: a column id (`param:<key>`…), a layout, a sort. */
const tableColumnId = text(ProtocolLimits.maxKeyLength + 16);
const tableColumns = list(tableColumnId, ProtocolLimits.maxTableColumns);

const columnRecord =
  <T>(value: Validator<T>): Validator<Record<string, T>> =>
  (raw, where) => {
    if (!isPlainObject(raw)) return fail(where, 'an object');
    const entries = Object.entries(raw);
    if (entries.length > ProtocolLimits.maxTableColumns) return fail(where, `an object of at most ${ProtocolLimits.maxTableColumns} keys`);
    return Object.fromEntries(entries.map(([k, v]) => [tableColumnId(k, `${where} key`), value(v, `${where}.${k.slice(0, 64)}`)]));
  };

const columnWidth: Validator<number> = (value, where) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 20 && value <= 4000 ? value : fail(where, 'a width between 20 and 4000');

const tableLayout: Validator<RunsTableLayout> = shape({
  hidden: tableColumns,
  pinned: tableColumns,
  order: tableColumns,
  widths: columnRecord(columnWidth),
  metricModes: columnRecord(oneOf<MetricAggregate>('latest', 'min', 'max')),
  directions: columnRecord(oneOf<BetterDirection>('lower', 'higher')),
});

const tableSort: Validator<RunsTableSort | null> = (value, where) =>
  value === null ? null : shape({ columnId: tableColumnId, ascending: (v, w) => (typeof v === 'boolean' ? v : fail(w, 'a boolean')) })(value, where);

const nonNegativeInteger: Validator<number> = (value, where) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fail(where, 'a non-negative integer');

type RequestParams<K extends PanelKind, M extends keyof RequestsOf<K>> =
  RequestsOf<K>[M] extends { params: infer P } ? P : never;

type PanelSchema<K extends PanelKind> = {
  intents: { [I in keyof IntentsOf<K>]-?: Validator<IntentsOf<K>[I]> };
  requests: { [M in keyof RequestsOf<K>]-?: Validator<RequestParams<K, M>> };
  restore: Validator<PanelContracts[K]['restore']>;
};

const schemas: { [K in PanelKind]: PanelSchema<K> } = {
  runDetails: {
    intents: {
      openRun: shape({ runId }),
      openMetricChart: shape({ metricKeys: list(metricKey, ProtocolLimits.maxKeysPerChart) }),
      openArtifact: shape({ path: text(ProtocolLimits.maxPathLength) }),
      openLink: shape({ url: text(ProtocolLimits.maxUrlLength) }),
      refresh: nothing,
      copyValue: shape({ table: oneOf('params', 'tags'), key: text(ProtocolLimits.maxKeyLength) }),
    },
    requests: {
      listArtifacts: shape({ path: text(ProtocolLimits.maxPathLength) }),
    },
    restore: shape({ runId }),
  },
  compareRuns: {
    intents: {
      openRun: shape({ runId }),
      openMetricChart: shape({ runIds: list(runId, ProtocolLimits.maxRunsPerChart), metricKeys: list(metricKey, ProtocolLimits.maxKeysPerChart) }),
    },
    requests: {},
    restore: shape({ runIds: list(runId, ProtocolLimits.maxRunsPerChart) }),
  },
  launch: {
    intents: {
      run: shape({ values: launchValues }),
      copyCommandLine: shape({ values: launchValues }),
      openRun: shape({ runId }),
      openProject: nothing,
    },
    requests: {
      check: shape({ values: launchValues }),
      pickPath: shape({ field: pickerField, current: parameterValue }),
    },
    restore: shape({ projectFile: text(ProtocolLimits.maxPathLength), entryPoint: text(ProtocolLimits.maxKeyLength) }),
  },
  runsTable: {
    intents: {
      setFilter: shape({ filter: text(ProtocolLimits.maxFilterLength) }),
      setSort: shape({ sort: tableSort }),
      setGroupBy: shape({ columnId: (v, w) => (v === null ? null : tableColumnId(v, w)) }),
      setExpanded: shape({ rowId: text(ProtocolLimits.maxKeyLength * 64), expanded: (v, w) => (typeof v === 'boolean' ? v : fail(w, 'a boolean')) }),
      setLayout: shape({ layout: tableLayout }),
      openRun: shape({ runId }),
      compareRuns: shape({ runIds: list(runId, ProtocolLimits.maxRunsPerChart) }),
      openMetricChart: shape({ runIds: list(runId, ProtocolLimits.maxRunsPerChart), metricKeys: list(metricKey, ProtocolLimits.maxKeysPerChart) }),
      copyText: shape({ text: text(ProtocolLimits.maxCopyChars) }),
      exportCsv: shape({ columnIds: tableColumns }),
      refresh: nothing,
    },
    requests: {
      rows: (value, where) => {
        const params = shape({ version: nonNegativeInteger, start: nonNegativeInteger, count: nonNegativeInteger, columnIds: list(tableColumnId, 2_000) })(value, where);
        return params.count <= ProtocolLimits.maxTableRowsPerRequest ? params : fail(`${where}.count`, `at most ${ProtocolLimits.maxTableRowsPerRequest}`);
      },
      checkFilter: shape({ filter: text(ProtocolLimits.maxFilterLength) }),
      parallelRuns: shape({ version: nonNegativeInteger, columnIds: list(tableColumnId, ProtocolLimits.maxParallelAxes) }),
    },
    restore: shape({ experimentIds: list(text(ProtocolLimits.maxIdLength), 1000) }),
  },
  tryIt: {
    intents: { stopServer: nothing, showTerminal: nothing, copyUrl: nothing },
    requests: { invoke: shape({ body: text(ProtocolLimits.maxServingRequestChars) }) },
    restore: shape({
      port: (value, where) => (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65535 ? value : fail(where, 'a port number')),
    }),
  },
  metrics: {
    intents: {
      openRun: shape({ runId }),
      exportPng: shape({
        metricKey,
        dataUrl: (value, where) => {
          const url = text(ProtocolLimits.maxPngDataUrlChars)(value, where);
          return url.startsWith('data:image/png;base64,') ? url : fail(where, 'a PNG data URL');
        },
      }),
      exportCsv: nothing,
      refresh: nothing,
      drawn: shape({
        series: list(shape({ runId, key: metricKey, lastStep: finiteNumber }), ProtocolLimits.maxRunsPerChart * ProtocolLimits.maxKeysPerChart),
      }),
    },
    requests: {
      readRange: shape({ runId, key: metricKey, startStep: finiteNumber, endStep: finiteNumber }),
    },
    restore: shape({
      runIds: list(runId, ProtocolLimits.maxRunsPerChart),
      metricKeys: list(metricKey, ProtocolLimits.maxKeysPerChart),
    }),
  },
};

function member<T extends object>(table: T, name: unknown, where: string): T[keyof T] {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(table, name)) {
    return fail(where, `one of ${Object.keys(table).join(', ')}`);
  }
  return table[name as keyof T];
}

/** Checks one inbound message; throws `ProtocolViolation` naming what is wrong. */
export function parseWebviewMessage<K extends PanelKind>(panel: K, raw: unknown): WebviewMessage<K> {
  if (!isPlainObject(raw)) return fail('message', 'an object');
  // Bounded before any field is read: a runaway webview must not make the host parse megabytes.
  const size = JSON.stringify(raw).length;
  if (size > ProtocolLimits.maxMessageChars) fail('message', `at most ${ProtocolLimits.maxMessageChars} characters, got ${size}`);
  const schema = schemas[panel] as PanelSchema<PanelKind>;
  switch (raw['kind']) {
    case 'ready':
      shape({ kind: text(5) })(raw, 'ready');
      return { kind: 'ready' };
    case 'intent': {
      const check = member(schema.intents, raw['name'], 'intent.name') as Validator<unknown>;
      shape({ kind: text(6), name: text(64), params: () => undefined })(raw, 'intent');
      const params = check(raw['params'], `intent ${String(raw['name'])}`);
      return { kind: 'intent', name: raw['name'], params } as WebviewMessage<K>;
    }
    case 'request': {
      const check = member(schema.requests, raw['method'], 'request.method') as Validator<unknown>;
      shape({ kind: text(7), id: finiteNumber, method: text(64), params: () => undefined })(raw, 'request');
      const id = raw['id'] as number;
      if (!Number.isSafeInteger(id) || id < 0) fail('request.id', 'a non-negative integer');
      const params = check(raw['params'], `request ${String(raw['method'])}`);
      return { kind: 'request', id, method: raw['method'], params } as WebviewMessage<K>;
    }
    default:
      return fail('message.kind', "'ready', 'intent' or 'request'");
  }
}

/** Checks a runs-table layout read back from workspace storage (an older version may have written it). */
export function parseTableLayout(value: unknown): RunsTableLayout {
  return tableLayout(value, 'layout');
}

/** Checks the state a webview saved for its panel (given back by VS Code after a reload). */
export function parseRestoreState<K extends PanelKind>(panel: K, saved: unknown): PanelContracts[K]['restore'] {
  if (!isPlainObject(saved)) return fail('saved state', 'an object');
  return (schemas[panel] as PanelSchema<PanelKind>).restore(saved['restore'], 'saved state.restore') as PanelContracts[K]['restore'];
}

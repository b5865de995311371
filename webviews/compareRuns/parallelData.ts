/** What the comparison gives its parallel coordinates: every param and metric as a possible axis. */
import { fromWireNumber, type CompareRunsState } from '../../src/shared/webviewProtocol';
import type { PcAxisSource, PcCandidate } from '../shared/parallelCoords/axisModel';
import type { PcData } from '../shared/parallelCoords/parallelView';
import { colorOf } from '../shared/runColors';

const MAX_DEFAULT_AXES = 8;

export function parallelSources(state: CompareRunsState): PcAxisSource[] {
  return [
    ...state.params.map((p): PcAxisSource => ({ id: `param:${p.key}`, kind: 'param', key: p.key, values: p.values })),
    ...state.metrics.map((m): PcAxisSource => ({ id: `metric:${m.key}`, kind: 'metric', key: m.key, better: m.better, values: m.values.map((v) => (v === null ? null : fromWireNumber(v))) })),
  ];
}

export function parallelCandidates(sources: readonly PcAxisSource[]): PcCandidate[] {
  return sources.map(({ id, kind, key, better }) => ({ id, kind, key, ...(better ? { better } : {}) }));
}

const varies = (source: PcAxisSource) => new Set(source.values.map((v) => JSON.stringify(v))).size > 1;

/** The params whose value differs between the runs (at most five), then the metrics, eight axes at most. */
export function defaultParallelAxes(sources: readonly PcAxisSource[]): string[] {
  const params = sources.filter((s) => s.kind === 'param' && varies(s)).slice(0, 5);
  const metrics = sources.filter((s) => s.kind === 'metric').slice(0, MAX_DEFAULT_AXES - params.length);
  return [...params, ...metrics].map((s) => s.id);
}

export function parallelData(state: CompareRunsState, sources: readonly PcAxisSource[], colors: ReadonlyMap<string, string>, axisIds: readonly string[]): PcData {
  const byId = new Map(sources.map((s) => [s.id, s]));
  return {
    runs: state.runs.map((r) => ({ id: r.runId, name: r.runName, color: colorOf(colors, r.runId) })),
    axes: axisIds.flatMap((id) => byId.get(id) ?? []),
  };
}

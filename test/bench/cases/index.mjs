// The table of bench cases, in the order they run and print. A later issue adds its figures by
// writing a module next to this one that exports BenchCase[] and listing it in `benchCases`
// (and dropping its line from `plannedCases`, which only prints as "not measured yet").
import { activationCases } from './activation.mjs';
import { extensionHostCases } from './extensionHost.mjs';
import { fileStoreCases } from './fileStore.mjs';
import { languageServerCases } from './languageServer.mjs';
import { liveLatencyCases } from './liveLatency.mjs';
import { metricChartCases } from './metricChart.mjs';
import { parallelCoordsCases } from './parallelCoords.mjs';
import { runsTableCases } from './runsTable.mjs';
import { scaleCases } from './scale.mjs';
import { scaleFile100kCases } from './scaleFile100k.mjs';
import { serverHistoryCases } from './serverHistory.mjs';
import { serverScaleCases } from './serverScale.mjs';
import { sqliteStoreCases } from './sqliteStore.mjs';

/**
 * @typedef {object} BenchContext
 * @property {string} repoRoot
 * @property {string} storeRoot        the generated 10,000-run mlruns folder
 * @property {string} scratch          a temporary folder removed after the bench
 * @property {() => number} storeFiles  number of files in the store
 * @property {() => Map<string, object>} expected  run id → what a correct reader returns (genStore.expectedRuns)
 * @property {() => string[]} experimentIds  generated experiment ids, in generator order
 * @property {() => number | undefined} floorMs  median of the floor case, once measured
 * @property {(id: string) => number | undefined} medianMs  median wall time of a case measured earlier in this run
 *
 * @typedef {object} Measured
 * @property {number} wallMs
 * @property {number} peakRssKb        largest single process (GNU time) or VmHWM
 * @property {number} [treeRssKb]      sampled sum over the process tree
 * @property {number} exitCode
 * @property {string} stderr
 * @property {string} [stdoutFile]
 * @property {number} [figureMs]       the figure the issue asks for, timed inside the process (no
 *   process start; `validate` sets it from the output); when every run gives one, its median is
 *   what the target is checked against
 *
 * @typedef {object} BenchCase
 * @property {string} id                 selects the case: `npm run bench -- <id>…`
 * @property {string} title
 * @property {{ label: string, ms?: number, floorRatio?: number, fasterThan?: { id: string, times: number }, atMost?: { id: string, times: number } }} [target]
 *   printed, never asserted; `fasterThan`: at least `times` × faster than case `id` measured earlier in the same run;
 *   `atMost`: at most `times` × the median of case `id` measured earlier in the same run
 * @property {(ctx: BenchContext) => string | undefined} [unavailable]  reason to skip (not a failure)
 * @property {(ctx: BenchContext, measure: Function) => Promise<void>} [setup]  once, before the timed runs
 * @property {(ctx: BenchContext) => string[]} [command]   a process the runner spawns and measures
 * @property {boolean} [captureStdout]   keep the process's stdout in a file for validate()
 * @property {(ctx: BenchContext, run: number) => Promise<Measured>} [measure]  instead of command
 * @property {(ctx: BenchContext, result: Measured) => string | undefined} [validate]  throws when the
 *   output is wrong (the bench then exits 1); returns a note for the table
 * @property {(ctx: BenchContext) => Promise<void>} [teardown]
 */

/** @type {BenchCase[]} */
export const benchCases = [...fileStoreCases, ...activationCases, ...languageServerCases, ...metricChartCases, ...sqliteStoreCases, ...serverHistoryCases, ...runsTableCases, ...parallelCoordsCases, ...scaleCases, ...scaleFile100kCases, ...serverScaleCases, ...extensionHostCases, ...liveLatencyCases];

/**
 * Figures the issues ask for that no case measures yet: [issue, what]. None now: the REST listing is
 * `server-scale-lens`; the 100,000-run file store's cold index build is `scale100k-file` (with the
 * store's progress events), and its progress notification and Cancel in the extension are behaviour,
 * tested in the real extension host (test/integration/indexProgress.test.ts), not a figure.
 */
export const plannedCases = [];

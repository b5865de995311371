/**
 * How each explorer node looks: label, description, icon, tooltip (Markdown source), context value.
 * Pure, so it is unit-tested in plain Node; `treeItems.ts` only converts the result to a TreeItem.
 * Every piece of store data is untrusted: tooltips escape it (see `escapeMarkdown`).
 */
import { redact } from '../../core/log';
import type { Experiment, Run, RunStatus } from '../../core/model/entities';
import { RunTags, tagValue } from '../../core/model/entities';
import { formatBytes, formatDuration, formatMetricValue, formatRelativeTime, formatTimestamp } from './format';
import type { ArtifactNode, DatasetNode, ExperimentNode, ExplorerNode, FolderNode, RunNode } from './nodes';
import { SECTION_TITLES, baseName } from './nodes';
import { describeMatches, hasNoMatch } from './filterMatchCounts';
import { shownValueText } from './sortValue';
import { readableNumber, readableNumericText } from '../../shared/numberFormat';
import { presentModelNode } from '../models/modelPresentation';

export interface IconSpec {
  /** A codicon id (`pass`, `sync~spin`). */
  id: string;
  /** A theme colour id (`testing.iconPassed`). */
  color?: string;
}

export interface NodePresentation {
  label: string;
  description?: string;
  tooltipMarkdown?: string;
  icon?: IconSpec;
  contextValue: string;
  collapsible: 'none' | 'collapsed';
  /** Drawn faded (deleted experiments and runs). */
  faded?: boolean;
}

const MAX_TOOLTIP_VALUE = 500;
const MAX_LABEL_VALUE = 120;

/** Backslash-escapes every ASCII punctuation character (CommonMark allows it), so data is text, never markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line of tooltip: a bold field name and an escaped, length-limited value. */
function field(name: string, value: string): string {
  const single = truncate(value, MAX_TOOLTIP_VALUE).replace(/\r?\n/g, ' ⏎ ');
  return `**${name}:** ${escapeMarkdown(single)}`;
}

function lines(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined).join('  \n');
}

/** Values shown inline in a label: one line, bounded. */
function inline(value: string): string {
  return truncate(value.replace(/\s*\r?\n\s*/g, ' ⏎ '), MAX_LABEL_VALUE);
}

const STATUS_ICONS: Record<RunStatus, IconSpec> = {
  FINISHED: { id: 'pass', color: 'testing.iconPassed' },
  FAILED: { id: 'error', color: 'testing.iconFailed' },
  KILLED: { id: 'circle-slash', color: 'list.warningForeground' },
  RUNNING: { id: 'sync~spin', color: 'charts.blue' },
  SCHEDULED: { id: 'clock', color: 'charts.yellow' },
};

export function runStatusIcon(run: Run): IconSpec {
  if (run.info.lifecycle_stage === 'deleted') return { id: 'trash', color: 'disabledForeground' };
  return STATUS_ICONS[run.info.status] ?? { id: 'circle-outline' };
}

export function runLabel(run: Run): string {
  const name = run.info.run_name || tagValue(run.data.tags, RunTags.runName);
  return name ? inline(name) : run.info.run_id;
}

/** "3 days ago · 1m 0s"; running runs show their elapsed time; deleted runs say so. */
export function runDescription(run: Run, now: number): string {
  const parts: string[] = [];
  const { start_time: start, end_time: end, status } = run.info;
  if (start !== undefined) parts.push(formatRelativeTime(start, now));
  if (start !== undefined && end !== undefined) parts.push(formatDuration(end - start));
  else if (start !== undefined && status === 'RUNNING') parts.push(`running ${formatDuration(now - start)}`);
  else if (status !== 'FINISHED') parts.push(status.toLowerCase());
  if (run.info.lifecycle_stage === 'deleted') parts.push('deleted');
  return parts.join(' · ');
}

export function runTooltip(run: Run, now: number): string {
  const tags = run.data.tags;
  const { info } = run;
  const source = tagValue(tags, RunTags.sourceName);
  const sourceType = tagValue(tags, RunTags.sourceType);
  const commit = tagValue(tags, RunTags.gitCommit);
  const branch = tagValue(tags, RunTags.gitBranch);
  const parent = tagValue(tags, RunTags.parentRunId);
  const user = tagValue(tags, RunTags.user) || info.user_id;
  return lines(
    `**${escapeMarkdown(runLabel(run))}**`,
    '',
    field('Run ID', info.run_id),
    field('Experiment ID', info.experiment_id),
    field('Status', info.status),
    info.start_time !== undefined
      ? field('Started', `${formatTimestamp(info.start_time)} (${formatRelativeTime(info.start_time, now)})`)
      : undefined,
    info.end_time !== undefined ? field('Ended', formatTimestamp(info.end_time)) : undefined,
    info.start_time !== undefined && info.end_time !== undefined
      ? field('Duration', formatDuration(info.end_time - info.start_time))
      : undefined,
    user ? field('User', user) : undefined,
    source ? field('Source', sourceType ? `${source} (${sourceType})` : source) : undefined,
    commit ? field('Git commit', branch ? `${commit} (${branch})` : commit) : undefined,
    parent ? field('Parent run', parent) : undefined,
    info.lifecycle_stage === 'deleted' ? field('Lifecycle', 'deleted') : undefined,
    field('Artifact URI', info.artifact_uri),
  );
}

const MAX_DESCRIPTION = 2000;

/**
 * An experiment description (user Markdown) for an untrusted tooltip: kept as Markdown, but images are
 * shown as their source text so that hovering never fetches a remote URL. Raw HTML is dropped by the
 * tooltip itself (`supportHtml` off) and command links do nothing (`isTrusted` off).
 */
export function descriptionMarkdown(description: string): string {
  return truncate(description, MAX_DESCRIPTION).replace(/!\[/g, '\\!\\[');
}

export function experimentTooltip(experiment: Experiment): string {
  const description = tagValue(experiment.tags, RunTags.note)?.trim();
  const summary = lines(
    `**${escapeMarkdown(inline(experiment.name))}**`,
    '',
    field('Experiment ID', experiment.experiment_id),
    experiment.creation_time !== undefined ? field('Created', formatTimestamp(experiment.creation_time)) : undefined,
    experiment.last_update_time !== undefined ? field('Updated', formatTimestamp(experiment.last_update_time)) : undefined,
    experiment.lifecycle_stage === 'deleted' ? field('Lifecycle', 'deleted') : undefined,
    field('Artifact location', experiment.artifact_location),
  );
  return description ? `${summary}\n\n---\n\n${descriptionMarkdown(description)}` : summary;
}

/** "12 runs · deleted"; nothing about runs until the store has counted them. */
export function experimentDescription(node: ExperimentNode): string | undefined {
  const parts: string[] = [];
  if (node.matches) parts.push(describeMatches(node.matches, node.runCount));
  else if (node.runCount !== undefined) parts.push(node.runCount === 1 ? '1 run' : `${node.runCount === 0 ? 'no' : node.runCount} runs`);
  if (node.experiment.lifecycle_stage === 'deleted') parts.push('deleted');
  return parts.length ? parts.join(' · ') : undefined;
}

function plural(count: number, noun: string): string {
  return `${count === 0 ? 'no' : count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * "3 experiments · 12 runs", or with a filter "3 experiments · 4 of 12 runs": the sums over the
 * experiments inside, once every one of them is counted (a partial sum would understate).
 */
export function folderDescription(node: FolderNode): string {
  const parts = [plural(node.experiments.length, 'experiment')];
  let runs: number | undefined = 0;
  let matched: number | undefined = 0;
  let more = false;
  for (const e of node.experiments) {
    runs = runs === undefined || e.runCount === undefined ? undefined : runs + e.runCount;
    matched = matched === undefined || e.matches === undefined ? undefined : matched + e.matches.count;
    more ||= e.matches?.more === true;
  }
  if (matched !== undefined && node.experiments.length > 0 && node.experiments[0]!.matches) parts.push(describeMatches({ count: matched, more }, runs));
  else if (runs !== undefined) parts.push(plural(runs, 'run'));
  return parts.join(' · ');
}

function folderTooltip(node: FolderNode): string {
  return lines(`**${escapeMarkdown(inline(node.path))}**`, '', field('Folder', node.path), field('Experiments', String(node.experiments.length)));
}

function runNodePresentation(node: RunNode, now: number): NodePresentation {
  const deleted = node.run.info.lifecycle_stage === 'deleted';
  return {
    label: runLabel(node.run),
    description: node.shownKey ? `${shownValueText(node.run, node.shownKey)} · ${runDescription(node.run, now)}` : runDescription(node.run, now),
    tooltipMarkdown: runTooltip(node.run, now),
    icon: runStatusIcon(node.run),
    contextValue: deleted ? 'run.deleted' : 'run',
    ...(deleted ? { faded: true } : {}),
    collapsible: 'collapsed',
  };
}

const SECTION_ICONS = { params: 'symbol-parameter', metrics: 'graph-line', tags: 'tag', systemTags: 'gear', datasets: 'database', loggedModels: 'library', artifacts: 'files' } as const;

const MAX_TOOLTIP_COLUMNS = 20;

/** A dataset input: context and digest beside the name; source, tags, profile and schema columns in the hover. */
function datasetPresentation(node: DatasetNode): NodePresentation {
  const d = node.dataset;
  const columns = d.schemaColumns ?? [];
  const shownColumns = columns.slice(0, MAX_TOOLTIP_COLUMNS).map((c) => `- ${escapeMarkdown(truncate(c, MAX_LABEL_VALUE))}`);
  if (columns.length > shownColumns.length) shownColumns.push(`- … ${columns.length - shownColumns.length} more`);
  const details = lines(
    field('Dataset', d.name),
    field('Digest', d.digest),
    d.context !== undefined ? field('Context', d.context) : undefined,
    field('Source type', d.sourceType),
    field('Source', d.source),
    ...d.tags.map((t) => field(`Tag ${t.key}`, t.value)),
    d.profile !== undefined ? field('Profile', d.profile) : undefined,
  );
  return {
    label: inline(d.name),
    description: inline([d.context, d.digest].filter(Boolean).join(' · ')),
    tooltipMarkdown: shownColumns.length ? `${details}\n\n**Schema:**\n\n${shownColumns.join('\n')}` : details,
    icon: { id: 'database' },
    contextValue: 'dataset',
    collapsible: 'none',
  };
}

/** `artifactFile.mlmodel` for a model's `MLmodel` file, which offers Serve Model Locally (menus match `^artifactFile`). */
export function artifactContext(node: ArtifactNode): 'artifactDir' | 'artifactFile' | 'artifactFile.mlmodel' {
  if (node.isDir) return 'artifactDir';
  return baseName(node.path) === 'MLmodel' ? 'artifactFile.mlmodel' : 'artifactFile';
}

export function present(node: ExplorerNode, now: number): NodePresentation {
  switch (node.kind) {
    case 'folder':
      return {
        label: inline(node.name),
        description: folderDescription(node),
        tooltipMarkdown: folderTooltip(node),
        icon: { id: 'folder' },
        contextValue: 'experimentFolder',
        collapsible: 'collapsed',
      };
    case 'experiment': {
      const deleted = node.experiment.lifecycle_stage === 'deleted';
      const description = experimentDescription(node);
      return {
        label: inline(node.shortName ?? node.experiment.name) || node.experimentId,
        ...(description !== undefined ? { description } : {}),
        tooltipMarkdown: experimentTooltip(node.experiment),
        icon: deleted ? { id: 'trash', color: 'disabledForeground' } : { id: 'beaker' },
        contextValue: deleted ? 'experiment.deleted' : 'experiment',
        ...(deleted ? { faded: true } : {}),
        // An experiment known to be empty has nothing to expand to.
        collapsible: node.runCount === 0 || hasNoMatch(node.matches) ? 'none' : 'collapsed',
      };
    }
    case 'run':
      return runNodePresentation(node, now);
    case 'section':
      return {
        label: SECTION_TITLES[node.section],
        icon: { id: SECTION_ICONS[node.section] },
        contextValue: node.section,
        collapsible: 'collapsed',
      };
    case 'param':
      return {
        label: inline(node.key),
        description: inline(readableNumericText(node.value)),
        tooltipMarkdown: lines(field('Parameter', node.key), field('Value', node.value)),
        contextValue: 'param',
        collapsible: 'none',
      };
    case 'tag':
      return {
        label: inline(node.key),
        description: inline(node.value),
        tooltipMarkdown: lines(field('Tag', node.key), field('Value', node.value)),
        contextValue: 'tag',
        collapsible: 'none',
      };
    case 'metric': {
      const m = node.metric;
      return {
        label: inline(node.metricKey),
        description: `${readableNumber(m.value)} · step ${m.step}`,
        tooltipMarkdown: lines(
          field('Metric', node.metricKey),
          field('Latest value', formatMetricValue(m.value)),
          field('Step', String(m.step)),
          field('Logged', formatTimestamp(m.timestamp)),
        ),
        contextValue: 'metric',
        collapsible: 'none',
      };
    }
    case 'dataset':
      return datasetPresentation(node);
    case 'loggedModel':
      // As in the Models view, but a leaf: its run is the parent row, its params and tags are listed in the Models view.
      return { ...presentModelNode({ kind: 'loggedModel', id: node.id, model: node.model }), contextValue: 'runLoggedModel', collapsible: 'none' };
    case 'artifact':
      return {
        label: inline(baseName(node.path)),
        ...(!node.isDir && node.size !== undefined ? { description: formatBytes(node.size) } : {}),
        tooltipMarkdown: lines(field('Artifact', node.path), ...(node.size !== undefined ? [field('Size', `${node.size} bytes`)] : [])),
        contextValue: artifactContext(node),
        collapsible: node.isDir ? 'collapsed' : 'none',
      };
    case 'loadMore':
      return {
        label: 'Load more…',
        description: node.total !== undefined ? `${node.loaded} of ${node.total}` : `${node.loaded} loaded`,
        icon: { id: 'ellipsis' },
        contextValue: 'loadMore',
        collapsible: 'none',
      };
    case 'problem':
      return {
        label: inline(redact(node.message)),
        ...(node.location !== undefined ? { description: inline(redact(node.location)) } : {}),
        tooltipMarkdown: lines(
          field(node.severity === 'error' ? 'Error' : 'Problem', redact(node.message)),
          ...(node.location !== undefined ? [field(locationKind(node.location), redact(node.location))] : []),
          ...(node.action === 'enterCredentials' ? ['Click to enter credentials for this server\\.'] : []),
        ),
        icon: node.severity === 'error' ? { id: 'error', color: 'list.errorForeground' } : { id: 'warning', color: 'list.warningForeground' },
        contextValue: 'problem',
        collapsible: 'none',
      };
    case 'message':
      return { label: node.message, contextValue: 'message', collapsible: 'none' };
  }
}

/** What a problem's location is, for its hover: a tracking server, a request URL, a database or a file. */
export function locationKind(location: string): 'Server' | 'URL' | 'Database' | 'File' {
  if (/^https?:\/\//i.test(location)) return /^https?:\/\/[^/?#]*\/?$/i.test(location) ? 'Server' : 'URL';
  if (/^sqlite:/i.test(location)) return 'Database';
  return 'File';
}

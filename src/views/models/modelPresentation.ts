/**
 * How each Models-view node looks (label, description, icon, Markdown tooltip, context value). Pure,
 * unit-tested in plain Node. Store data is untrusted: tooltips escape it, descriptions stay Markdown
 * without HTML or command links (the tooltip is untrusted), as in the Experiments view.
 */
import type { ModelVersion, RegisteredModel } from '../../core/model/entities';
import type { LoggedModel } from '../../core/registry/loggedModel';
import { runsUri } from '../../core/registry/registryFacts';
import { formatTimestamp } from '../explorer/format';
import type { IconSpec, NodePresentation } from '../explorer/presentation';
import { descriptionMarkdown, escapeMarkdown } from '../explorer/presentation';
import type { ModelNode } from './modelNodes';

const MAX_INLINE = 120;
const MAX_FIELD = 500;

function inline(value: string, max = MAX_INLINE): string {
  const single = value.replace(/\s*\r?\n\s*/g, ' ⏎ ');
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

function field(name: string, value: string): string {
  return `**${name}:** ${escapeMarkdown(inline(value, MAX_FIELD))}`;
}

function lines(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').join('  \n');
}

function withDescription(summary: string, description: string | undefined): string {
  const text = description?.trim();
  return text ? `${summary}\n\n---\n\n${descriptionMarkdown(text)}` : summary;
}

const STAGE_ICONS: Record<string, IconSpec> = {
  Production: { id: 'versions', color: 'testing.iconPassed' },
  Staging: { id: 'versions', color: 'charts.yellow' },
  Archived: { id: 'versions', color: 'disabledForeground' },
};

function versionIcon(version: ModelVersion): IconSpec {
  if (version.status === 'FAILED_REGISTRATION') return { id: 'error', color: 'testing.iconFailed' };
  if (version.status === 'PENDING_REGISTRATION') return { id: 'loading~spin' };
  return STAGE_ICONS[version.current_stage] ?? { id: 'versions' };
}

/** "@champion · Production · FAILED_REGISTRATION": aliases, a legacy stage other than None, a status other than READY. */
export function versionDescription(version: ModelVersion): string | undefined {
  const parts = [
    version.aliases.map((a) => `@${a}`).join(' '),
    version.current_stage && version.current_stage !== 'None' ? version.current_stage : '',
    version.status && version.status !== 'READY' ? version.status : '',
  ].filter(Boolean);
  return parts.length ? inline(parts.join(' · ')) : undefined;
}

function modelDescription(model: RegisteredModel): string {
  const latest = model.latest_versions.reduce((max, v) => Math.max(max, Number(v.version) || 0), 0);
  const parts = [latest ? `latest v${latest}` : 'no versions', model.aliases.map((a) => `@${a.alias}`).join(' ')].filter(Boolean);
  return inline(parts.join(' · '));
}

function modelTooltip(model: RegisteredModel, prompt: boolean): string {
  const summary = lines(
    `**${escapeMarkdown(inline(model.name))}**${prompt ? ' (prompt)' : ''}`,
    '',
    model.creation_timestamp !== undefined && field('Created', formatTimestamp(model.creation_timestamp)),
    model.last_updated_timestamp !== undefined && field('Updated', formatTimestamp(model.last_updated_timestamp)),
    model.aliases.length > 0 && field('Aliases', model.aliases.map((a) => `@${a.alias} → ${a.version}`).join(', ')),
    ...model.tags.map((t) => field(`Tag ${t.key}`, t.value)),
  );
  return withDescription(summary, model.description);
}

function versionTooltip(version: ModelVersion): string {
  const summary = lines(
    `**${escapeMarkdown(inline(version.name))}** version ${escapeMarkdown(version.version)}`,
    '',
    field('Stage', version.current_stage || 'None'),
    field('Status', version.status_message ? `${version.status}: ${version.status_message}` : version.status),
    version.aliases.length > 0 && field('Aliases', version.aliases.map((a) => `@${a}`).join(', ')),
    field('Source', version.source),
    version.run_id !== undefined && field('Run', version.run_id),
    version.user_id !== undefined && field('User', version.user_id),
    version.creation_timestamp !== undefined && field('Created', formatTimestamp(version.creation_timestamp)),
    version.last_updated_timestamp !== undefined && field('Updated', formatTimestamp(version.last_updated_timestamp)),
    ...version.tags.map((t) => field(`Tag ${t.key}`, t.value)),
  );
  return withDescription(summary, version.description);
}

const LOGGED_STATUS: Record<string, { text: string; icon: IconSpec }> = {
  LOGGED_MODEL_READY: { text: 'READY', icon: { id: 'package' } },
  LOGGED_MODEL_PENDING: { text: 'PENDING', icon: { id: 'loading~spin' } },
  LOGGED_MODEL_UPLOAD_FAILED: { text: 'UPLOAD FAILED', icon: { id: 'error', color: 'testing.iconFailed' } },
};

function loggedModelTooltip(model: LoggedModel): string {
  const { info } = model;
  return lines(
    `**${escapeMarkdown(inline(info.name))}** (logged model)`,
    '',
    field('Model ID', info.model_id),
    field('Status', LOGGED_STATUS[info.status]?.text ?? info.status),
    info.status_message !== undefined && field('Status message', info.status_message),
    info.model_type !== undefined && field('Type', info.model_type),
    info.source_run_id !== undefined && field('Run', info.source_run_id),
    info.artifact_uri !== undefined && field('Artifacts', info.artifact_uri),
    info.creation_timestamp_ms !== undefined && field('Created', formatTimestamp(info.creation_timestamp_ms)),
  );
}

/** The context value a version carries: copy commands are offered only where their URI exists. */
export function versionContext(version: ModelVersion): string {
  return ['modelVersion', runsUri(version) ? 'run' : '', version.aliases.length ? 'aliased' : ''].filter(Boolean).join('.');
}

export function presentModelNode(node: ModelNode): NodePresentation {
  switch (node.kind) {
    case 'model':
      return {
        label: inline(node.model.name),
        description: modelDescription(node.model),
        tooltipMarkdown: modelTooltip(node.model, node.prompt),
        icon: { id: node.prompt ? 'comment-discussion' : 'package' },
        contextValue: node.prompt ? 'prompt' : 'registeredModel',
        collapsible: node.model.latest_versions.length > 0 ? 'collapsed' : 'none',
      };
    case 'version': {
      const v = node.version;
      const hasChildren = v.aliases.length > 0 || v.tags.length > 0 || v.run_id !== undefined;
      const description = versionDescription(v);
      return {
        label: `Version ${v.version}`,
        ...(description !== undefined && { description }),
        tooltipMarkdown: versionTooltip(v),
        icon: versionIcon(v),
        contextValue: versionContext(v),
        collapsible: hasChildren ? 'collapsed' : 'none',
      };
    }
    case 'alias':
      return {
        label: `@${inline(node.alias)}`,
        description: `version ${node.version}`,
        icon: { id: 'tag' },
        contextValue: 'modelAlias',
        collapsible: 'none',
      };
    case 'tag':
      return {
        label: inline(node.key),
        description: inline(node.value),
        tooltipMarkdown: field(node.role === 'param' ? 'Param' : 'Tag', `${node.key} = ${node.value}`),
        icon: { id: node.role === 'param' ? 'symbol-parameter' : 'symbol-key' },
        contextValue: node.role === 'param' ? 'modelParam' : 'modelTag',
        collapsible: 'none',
      };
    case 'sourceRun':
      return {
        label: 'Source run',
        description: node.runId,
        tooltipMarkdown: lines(field('Run', node.runId), 'Click to show it in the Experiments view'),
        icon: { id: 'debug-start' },
        contextValue: 'modelSourceRun',
        collapsible: 'none',
      };
    case 'prompts':
      return {
        label: 'Prompts',
        description: String(node.models.length),
        tooltipMarkdown: 'Registered models tagged `mlflow.prompt.is_prompt = true` (MLflow prompt registry)',
        icon: { id: 'comment-discussion' },
        contextValue: 'promptGroup',
        collapsible: 'collapsed',
      };
    case 'loggedModels':
      return {
        label: 'Logged models',
        description: String(node.groups.reduce((n, g) => n + g.models.length, 0)),
        tooltipMarkdown: 'MLflow 3 logged models, by experiment',
        icon: { id: 'library' },
        contextValue: 'loggedModelGroup',
        collapsible: 'collapsed',
      };
    case 'loggedExperiment':
      return {
        label: inline(node.group.experimentName),
        description: `${node.group.models.length} logged model${node.group.models.length === 1 ? '' : 's'}`,
        tooltipMarkdown: field('Experiment ID', node.group.experimentId),
        icon: { id: 'beaker' },
        contextValue: 'loggedModelExperiment',
        collapsible: 'collapsed',
      };
    case 'loggedModel': {
      const { info } = node.model;
      const status = LOGGED_STATUS[info.status];
      return {
        label: inline(info.name),
        description: [info.model_id, status && status.text !== 'READY' ? status.text : ''].filter(Boolean).join(' · '),
        tooltipMarkdown: loggedModelTooltip(node.model),
        icon: status?.icon ?? { id: 'package' },
        contextValue: 'loggedModel',
        collapsible: node.model.data.params.length || info.tags.length || info.source_run_id ? 'collapsed' : 'none',
      };
    }
    case 'loadMore':
      return { label: 'Load more models…', icon: { id: 'more' }, contextValue: 'modelsLoadMore', collapsible: 'none' };
    case 'problem':
      return {
        label: inline(node.message),
        ...(node.location !== undefined && { description: inline(node.location) }),
        tooltipMarkdown: lines(escapeMarkdown(node.message), node.location !== undefined && field('File', node.location)),
        icon: node.severity === 'warning' ? { id: 'warning', color: 'list.warningForeground' } : { id: 'error', color: 'list.errorForeground' },
        contextValue: 'modelsProblem',
        collapsible: 'none',
      };
    case 'message':
      return { label: node.text, icon: { id: 'info' }, contextValue: 'modelsMessage', collapsible: 'none' };
  }
}

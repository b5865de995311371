/**
 * The Models tree as plain data: registered models → versions → aliases, tags and source run; prompts
 * (registered models tagged `mlflow.prompt.is_prompt`) in a group of their own; MLflow 3 logged models
 * under their experiment. Pure: built from store entities, unit-tested without VS Code.
 */
import type { Experiment, KeyValue, ModelVersion, RegisteredModel } from '../../core/model/entities';
import type { LoggedModel } from '../../core/registry/loggedModel';
import { isPrompt } from '../../core/registry/registryFacts';
import type { StoreProblem } from '../../core/store/storeErrors';

export type ModelNode =
  | { kind: 'model'; id: string; model: RegisteredModel; prompt: boolean }
  | { kind: 'version'; id: string; version: ModelVersion }
  | { kind: 'alias'; id: string; modelName: string; alias: string; version: string }
  | { kind: 'tag'; id: string; key: string; value: string; role: 'tag' | 'param' }
  | { kind: 'sourceRun'; id: string; runId: string; experimentId?: string }
  | { kind: 'prompts'; id: string; models: RegisteredModel[] }
  | { kind: 'loggedModels'; id: string; groups: LoggedModelGroup[] }
  | { kind: 'loggedExperiment'; id: string; group: LoggedModelGroup }
  | { kind: 'loggedModel'; id: string; model: LoggedModel }
  | { kind: 'loadMore'; id: string }
  | { kind: 'problem'; id: string; message: string; location?: string; severity: 'warning' | 'error' }
  | { kind: 'message'; id: string; text: string };

export interface LoggedModelGroup {
  experimentId: string;
  experimentName: string;
  models: LoggedModel[];
}

export type ModelNodeKind = ModelNode['kind'];

const sep = '\u0000';

export function modelNode(model: RegisteredModel): ModelNode {
  return { kind: 'model', id: `model:${model.name}`, model, prompt: isPrompt(model) };
}

/** The root: problems first (warnings naming their file), models, then prompts and logged models apart. */
export function rootNodes(input: {
  models: readonly RegisteredModel[];
  problems: readonly StoreProblem[];
  hasMore: boolean;
  loggedModels: readonly LoggedModelGroup[];
  filter?: string;
}): ModelNode[] {
  const nodes: ModelNode[] = input.problems.map((p, i) => problemNode(`root-problem:${i}`, p.message, p.location, 'warning'));
  const prompts = input.models.filter((m) => isPrompt(m));
  const models = input.models.filter((m) => !isPrompt(m));
  nodes.push(...models.map(modelNode));
  if (input.hasMore) nodes.push({ kind: 'loadMore', id: 'models:load-more' });
  if (prompts.length) nodes.push({ kind: 'prompts', id: 'prompts', models: prompts });
  const logged = input.loggedModels.filter((g) => g.models.length > 0);
  if (logged.length) nodes.push({ kind: 'loggedModels', id: 'logged-models', groups: logged });
  if (!models.length && !prompts.length && !logged.length && !input.hasMore) {
    nodes.push({
      kind: 'message',
      id: 'models:empty',
      text: input.filter ? `No registered model name contains "${input.filter}"` : 'No registered models in this store',
    });
  }
  return nodes;
}

export function promptChildren(node: Extract<ModelNode, { kind: 'prompts' }>): ModelNode[] {
  return node.models.map(modelNode);
}

export function versionNodes(versions: readonly ModelVersion[]): ModelNode[] {
  return versions.map((version) => ({ kind: 'version', id: `version:${version.name}${sep}${version.version}`, version }));
}

function tagNodes(owner: string, tags: readonly KeyValue[]): ModelNode[] {
  return tags.map((t) => ({ kind: 'tag', id: `tag:${owner}${sep}${t.key}`, key: t.key, value: t.value, role: 'tag' }));
}

/** A version's aliases (each copyable as `models:/name@alias`), its tags, and the run it came from. */
export function versionChildren(version: ModelVersion, experimentOfRun?: string): ModelNode[] {
  const owner = `${version.name}${sep}${version.version}`;
  const nodes: ModelNode[] = version.aliases.map((alias) => ({
    kind: 'alias',
    id: `alias:${version.name}${sep}${alias}`,
    modelName: version.name,
    alias,
    version: version.version,
  }));
  nodes.push(...tagNodes(`version${sep}${owner}`, version.tags));
  if (version.run_id) nodes.push(sourceRunNode(`version${sep}${owner}`, version.run_id, experimentOfRun));
  return nodes;
}

function sourceRunNode(owner: string, runId: string, experimentId?: string): ModelNode {
  return { kind: 'sourceRun', id: `source-run:${owner}`, runId, ...(experimentId !== undefined && { experimentId }) };
}

/** Logged models grouped by experiment, in the experiments' order; experiments without any are left out. */
export function groupLoggedModels(experiments: readonly Pick<Experiment, 'experiment_id' | 'name'>[], models: readonly LoggedModel[]): LoggedModelGroup[] {
  return experiments
    .map((e) => ({ experimentId: e.experiment_id, experimentName: e.name, models: models.filter((m) => m.info.experiment_id === e.experiment_id) }))
    .filter((g) => g.models.length > 0);
}

export function loggedGroupChildren(node: Extract<ModelNode, { kind: 'loggedModels' }>): ModelNode[] {
  return node.groups.map((group) => ({ kind: 'loggedExperiment', id: `logged-exp:${group.experimentId}`, group }));
}

export function loggedExperimentChildren(group: LoggedModelGroup): ModelNode[] {
  return group.models.map((model) => ({ kind: 'loggedModel', id: `logged:${model.info.model_id}`, model }));
}

/** A logged model's params and tags, and the run that logged it. */
export function loggedModelChildren(model: LoggedModel): ModelNode[] {
  const owner = `logged${sep}${model.info.model_id}`;
  const nodes: ModelNode[] = model.data.params.map((p) => ({ kind: 'tag', id: `param:${owner}${sep}${p.key}`, key: p.key, value: p.value, role: 'param' }));
  nodes.push(...tagNodes(owner, model.info.tags));
  if (model.info.source_run_id) nodes.push(sourceRunNode(owner, model.info.source_run_id, model.info.experiment_id));
  return nodes;
}

export function problemNode(id: string, message: string, location: string | undefined, severity: 'warning' | 'error'): ModelNode {
  return { kind: 'problem', id, message, severity, ...(location !== undefined && { location }) };
}

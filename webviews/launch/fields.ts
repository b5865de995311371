/**
 * The launch form's fields. Each edit goes into the form model and calls `ctx.edited()` (which
 * saves and schedules a check); each field asks `ctx.errors` for the slot of its check error. Every
 * focusable control carries a `data-focus-key` so a redraw can give the focus back. Names, defaults
 * and experiment names come from the project and the store: text nodes and attribute values only.
 */
import {
  ProtocolLimits,
  type EnvManagerId,
  type LaunchBackend,
  type LaunchFormState,
  type LaunchParameterField,
  type LaunchValues,
} from '../../src/shared/webviewProtocol';
import { el, type Child } from '../shared/dom';
import { button, labeledTextField, select, setSelectError, type UiButton, type UiTextField } from '../shared/ui';
import type { FieldErrors } from './fieldErrors';
import type { FormModel } from './formModel';

export interface FormContext {
  state: LaunchFormState;
  model: FormModel;
  /** The host's values as last pushed (their parameters are shown for an entry point not yet visited). */
  hostValues: LaunchValues;
  errors: FieldErrors;
  /** After an edit: save the form, check the values once typing pauses. */
  edited(): void;
  /** The focus key to move the focus to after the next redraw. */
  focusAfterRedraw(key: string): void;
  /** The host's file picker; undefined when cancelled. */
  pickPath(field: string, current: string): Promise<string | undefined>;
  /** The user picked "New experiment…": its name field stays even while empty. */
  newExperiment: boolean;
}

const BACKENDS: readonly { value: LaunchBackend; label: string }[] = [
  { value: 'local', label: 'local' },
  { value: 'databricks', label: 'databricks' },
  { value: 'kubernetes', label: 'kubernetes' },
];

/** Puts the focus key on the control of a `select` (its dropdown) or on `element` itself. */
function keyed<T extends HTMLElement>(element: T, key: string): T {
  (element.querySelector<HTMLElement>('vscode-dropdown') ?? element).setAttribute('data-focus-key', key);
  return element;
}

function selectRow(ctx: FormContext, group: string, id: string, field: HTMLElement): HTMLElement {
  return el('div', { className: 'form-row', attrs: { 'data-field': id } }, field, ctx.errors.slot(group, id, (m) => setSelectError(field, m)));
}

export function entryPointField(ctx: FormContext, drawParameters: () => void): HTMLElement {
  const s = ctx.state;
  const current = ctx.model.values.entryPoint;
  const options = s.entryPoints.map((e) => ({ value: e.name, label: e.name }));
  if (!options.some((o) => o.value === current)) options.unshift({ value: current, label: `${current} (not in the MLproject)` });
  const field = select('Entry point', options, current, (name) => {
    ctx.model.switchEntryPoint(name, s.entryPoints, ctx.hostValues);
    drawParameters();
    ctx.edited();
  });
  return selectRow(ctx, 'form', 'entryPoint', keyed(field, 'entryPoint'));
}

export function parameterFields(ctx: FormContext): Child[] {
  const entryPoint = ctx.model.values.entryPoint;
  const declared = ctx.state.entryPoints.find((e) => e.name === entryPoint)?.parameters ?? [];
  if (declared.length === 0) return [el('p', { className: 'empty' }, 'This entry point declares no parameters.')];
  return declared.map((p) => parameterField(ctx, entryPoint, p));
}

function parameterField(ctx: FormContext, entryPoint: string, p: LaunchParameterField): HTMLElement {
  const id = `param:${p.name}`;
  const field = labeledTextField({
    label: [
      el('span', { className: 'param-name' }, p.name),
      ' ',
      el('span', { className: 'param-type' }, `(${p.type})`),
      // Drawn by CSS with empty alt text: seen, not read (the field is announced as required).
      p.required ? el('span', { className: 'required-mark', attrs: { title: 'required' } }) : null,
    ],
    value: ctx.model.values.parameters[p.name] ?? '',
    placeholder: p.defaultValue,
    required: p.required,
    inputMode: p.type === 'float' ? 'decimal' : p.type === 'int' ? 'numeric' : undefined,
    maxLength: ProtocolLimits.maxParameterValueLength,
    onInput: (value) => {
      ctx.model.setParameter(entryPoint, p.name, value);
      ctx.edited();
    },
  });
  field.element.setAttribute('data-focus-key', id);
  const browse =
    p.type === 'path' || p.type === 'uri' ? browseButton(ctx, `Browse for ${p.name}`, id, field, (path) => ctx.model.setParameter(entryPoint, p.name, path)) : null;
  return el(
    'div',
    { className: 'form-row', attrs: { 'data-field': id } },
    el('div', { className: 'field-line' }, field.element, browse),
    ctx.errors.slot('parameters', id, field.setError),
  );
}

/** "Browse…": the host's file picker for `field` (`param:<name>` or `backendConfig`); the picked path fills the field. */
function browseButton(ctx: FormContext, ariaLabel: string, field: string, input: UiTextField, store: (path: string) => void): UiButton {
  const b = button(
    'Browse…',
    () => {
      void ctx.pickPath(field, input.value()).then((path) => {
        if (path === undefined) return;
        input.setValue(path);
        store(path);
        ctx.edited();
      });
    },
    { secondary: true, ariaLabel },
  );
  b.setAttribute('data-focus-key', `browse:${field}`);
  return b;
}

export function envManagerField(ctx: FormContext): HTMLElement {
  const current = ctx.model.values.envManager;
  const options = ctx.state.envManagers.map((m) => ({
    value: m.id,
    label: m.available ? m.id : `${m.id} (${m.reason ?? 'not available'})`,
    disabled: !m.available,
    title: m.available ? undefined : m.reason,
  }));
  if (!options.some((o) => o.value === current)) options.unshift({ value: current, label: current, disabled: false, title: undefined });
  const field = select<EnvManagerId>('Environment manager', options, current, (id) => {
    ctx.model.values.envManager = id;
    ctx.edited();
  });
  return selectRow(ctx, 'form', 'envManager', keyed(field, 'envManager'));
}

/** An existing experiment (by index in the state's list), MLflow's default, or a new one named in a text field. */
export function experimentFields(ctx: FormContext, drawExperiment: () => void): Child[] {
  const s = ctx.state;
  const values = ctx.model.values;
  const index = s.experiments.findIndex((e) => e.name === values.experimentName);
  const choice = ctx.newExperiment ? 'new' : values.experimentName === '' ? 'default' : index >= 0 ? `experiment:${index}` : 'new';
  const options = [
    { value: 'default', label: "MLflow's default experiment" },
    ...s.experiments.map((e, i) => ({ value: `experiment:${i}`, label: e.name, title: `experiment ${e.id}` })),
    { value: 'new', label: 'New experiment…' },
  ];
  const picker = keyed(
    select('Experiment', options, choice, (value) => {
      ctx.newExperiment = value === 'new';
      if (value === 'default') values.experimentName = '';
      else if (value === 'new') {
        if (index >= 0) values.experimentName = '';
        ctx.focusAfterRedraw('experimentName');
      } else values.experimentName = s.experiments[Number(value.slice('experiment:'.length))]?.name ?? '';
      drawExperiment();
      ctx.edited();
    }),
    'experimentPicker',
  );
  if (choice !== 'new') return [picker, ctx.errors.slot('experiment', 'experimentName', (m) => setSelectError(picker, m))];
  const field = labeledTextField({
    label: ['New experiment name'],
    value: values.experimentName,
    maxLength: ProtocolLimits.maxKeyLength,
    onInput: (value) => {
      values.experimentName = value;
      ctx.edited();
    },
  });
  field.element.setAttribute('data-focus-key', 'experimentName');
  return [el('div', { className: 'field-line' }, picker, field.element), ctx.errors.slot('experiment', 'experimentName', field.setError)];
}

export function runNameField(ctx: FormContext): HTMLElement {
  const field = labeledTextField({
    label: ['Run name'],
    value: ctx.model.values.runName,
    placeholder: '(MLflow names the run)',
    maxLength: ProtocolLimits.maxKeyLength,
    onInput: (value) => {
      ctx.model.values.runName = value;
      ctx.edited();
    },
  });
  field.element.setAttribute('data-focus-key', 'runName');
  return el('div', { className: 'form-row', attrs: { 'data-field': 'runName' } }, field.element, ctx.errors.slot('form', 'runName', field.setError));
}

/** Key/value rows with Remove buttons, then "Add parameter" (up to the protocol's bound). */
export function extraFields(ctx: FormContext, drawExtras: () => void): Child[] {
  const rows = ctx.model.values.extraParameters;
  const row = (i: number) => {
    const kv = rows[i] as { key: string; value: string };
    const id = `extra:${i}`;
    const cell = (part: 'key' | 'value', maxLength: number) => {
      const field = labeledTextField({
        label: [el('span', { className: 'visually-hidden' }, `Extra parameter ${i + 1} `), part],
        value: kv[part],
        maxLength,
        className: `extra-${part}`,
        onInput: (value) => {
          kv[part] = value;
          ctx.edited();
        },
      });
      field.element.setAttribute('data-focus-key', `${id}:${part}`);
      return field;
    };
    const key = cell('key', ProtocolLimits.maxKeyLength);
    const value = cell('value', ProtocolLimits.maxParameterValueLength);
    const remove = button(
      'Remove',
      () => {
        rows.splice(i, 1);
        ctx.focusAfterRedraw(i < rows.length ? `extra:${i}:remove` : 'extra:add');
        drawExtras();
        ctx.edited();
      },
      { secondary: true, ariaLabel: `Remove extra parameter ${i + 1}` },
    );
    remove.setAttribute('data-focus-key', `${id}:remove`);
    return el(
      'div',
      { className: 'form-row extra-row', attrs: { 'data-field': id } },
      el('div', { className: 'field-line' }, key.element, value.element, remove),
      ctx.errors.slot('extras', id, key.setError, value.setError),
    );
  };
  const add = button(
    'Add parameter',
    () => {
      if (rows.length >= ProtocolLimits.maxExtraParameters) return;
      rows.push({ key: '', value: '' });
      ctx.focusAfterRedraw(`extra:${rows.length - 1}:key`);
      drawExtras();
      ctx.edited();
    },
    { secondary: true, title: `At most ${ProtocolLimits.maxExtraParameters}` },
  );
  add.setAttribute('data-focus-key', 'extra:add');
  add.disabled = rows.length >= ProtocolLimits.maxExtraParameters;
  return [...rows.map((_, i) => row(i)), el('div', { className: 'field-line' }, add)];
}

/** The backend, and for databricks/kubernetes its config file (typed or picked). */
export function backendFields(ctx: FormContext, drawBackend: () => void): Child[] {
  const values = ctx.model.values;
  const picker = keyed(
    select<LaunchBackend>('Backend', BACKENDS, values.backend, (backend) => {
      values.backend = backend;
      drawBackend();
      ctx.edited();
    }),
    'backend',
  );
  if (values.backend === 'local') return [picker];
  const config = labeledTextField({
    label: ['Backend config file'],
    value: values.backendConfig,
    placeholder: values.backend === 'databricks' ? 'a JSON cluster spec' : 'a JSON file naming the job template and image repository',
    maxLength: ProtocolLimits.maxPathLength,
    onInput: (value) => {
      values.backendConfig = value;
      ctx.edited();
    },
  });
  config.element.setAttribute('data-focus-key', 'backendConfig');
  const browse = browseButton(ctx, 'Browse for the backend config file', 'backendConfig', config, (path) => {
    values.backendConfig = path;
  });
  return [
    picker,
    el('div', { className: 'field-line', attrs: { 'data-field': 'backendConfig' } }, config.element, browse),
    ctx.errors.slot('backend', 'backendConfig', config.setError),
  ];
}

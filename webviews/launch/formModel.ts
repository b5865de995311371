/**
 * What the launch form holds between the host's state pushes: the values being edited, and the
 * parameters typed for the other entry points (switching back shows them again). The host's
 * `values` win only when they change (a new project, values the host remembered); otherwise a state
 * push (launching, an edited MLproject) keeps what the user typed.
 */
import type { KeyValue, LaunchEntryPoint, LaunchValues } from '../../src/shared/webviewProtocol';

export class FormModel {
  private readonly byEntryPoint = new Map<string, Record<string, string>>();

  private constructor(readonly values: LaunchValues) {}

  static of(values: LaunchValues, entryPoints: readonly LaunchEntryPoint[], others: Record<string, Record<string, string>> = {}): FormModel {
    const model = new FormModel(copyValues(values));
    for (const [name, parameters] of Object.entries(others)) model.byEntryPoint.set(name, { ...parameters });
    model.values.parameters = model.declared(entryPoints, model.values.entryPoint, model.values.parameters);
    return model;
  }

  /** Every declared parameter of `entryPoint`, empty when none was typed (empty: MLflow's default). */
  private declared(entryPoints: readonly LaunchEntryPoint[], entryPoint: string, typed: Record<string, string>): Record<string, string> {
    const declared = entryPoints.find((e) => e.name === entryPoint);
    if (!declared) return { ...typed };
    return Object.fromEntries(declared.parameters.map((p) => [p.name, Object.prototype.hasOwnProperty.call(typed, p.name) ? (typed[p.name] as string) : '']));
  }

  /** Shows another entry point's parameters, keeping this one's for when the user comes back. */
  switchEntryPoint(entryPoint: string, entryPoints: readonly LaunchEntryPoint[], hostValues: LaunchValues): void {
    if (entryPoint === this.values.entryPoint) return;
    this.byEntryPoint.set(this.values.entryPoint, this.values.parameters);
    const typed = this.byEntryPoint.get(entryPoint) ?? (hostValues.entryPoint === entryPoint ? hostValues.parameters : {});
    this.values.entryPoint = entryPoint;
    this.values.parameters = this.declared(entryPoints, entryPoint, typed);
  }

  /** Sets a parameter of `entryPoint`, the shown one or one the user left (a path picked meanwhile). */
  setParameter(entryPoint: string, name: string, value: string): void {
    if (entryPoint === this.values.entryPoint) setOwn(this.values.parameters, name, value);
    else this.byEntryPoint.set(entryPoint, { ...this.byEntryPoint.get(entryPoint), [name]: value });
  }

  /**
   * The values to send: a copy, so a later edit cannot change what a pending message carries. The
   * backend config is kept while the local backend hides its field, but not sent with it.
   */
  snapshot(): LaunchValues {
    const values = copyValues(this.values);
    if (values.backend === 'local') values.backendConfig = '';
    return values;
  }

  /** The parameters typed for the entry points not shown, for the saved view. */
  others(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [name, parameters] of this.byEntryPoint) if (name !== this.values.entryPoint) out[name] = { ...parameters };
    return out;
  }
}

/** `record[key] = value`, also for a parameter named `__proto__` (an assignment would change the prototype instead). */
function setOwn(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

export function copyValues(values: LaunchValues): LaunchValues {
  return {
    ...values,
    parameters: { ...values.parameters },
    extraParameters: values.extraParameters.map((kv) => ({ key: kv.key, value: kv.value })),
  };
}

export function sameValues(a: LaunchValues, b: LaunchValues): boolean {
  const scalars = ['entryPoint', 'envManager', 'experimentName', 'runName', 'backend', 'backendConfig'] as const;
  if (scalars.some((k) => a[k] !== b[k])) return false;
  const pa = Object.entries(a.parameters);
  if (pa.length !== Object.keys(b.parameters).length) return false;
  if (pa.some(([k, v]) => !Object.prototype.hasOwnProperty.call(b.parameters, k) || b.parameters[k] !== v)) return false;
  return a.extraParameters.length === b.extraParameters.length && a.extraParameters.every((kv, i) => kv.key === b.extraParameters[i]?.key && kv.value === b.extraParameters[i]?.value);
}

/** The form as the webview saves it (VS Code keeps it across reloads): the host's values it started from, and the edits. */
export interface SavedForm {
  projectFile: string;
  hostValues: LaunchValues;
  values: LaunchValues;
  others: Record<string, Record<string, string>>;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTextRecord = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);
const isKeyValue = (v: unknown): v is KeyValue => isObject(v) && isString(v['key']) && isString(v['value']);

function isLaunchValues(v: unknown): v is LaunchValues {
  return (
    isObject(v) &&
    ['entryPoint', 'envManager', 'experimentName', 'runName', 'backend', 'backendConfig'].every((k) => isString(v[k])) &&
    ['local', 'virtualenv', 'conda', 'uv'].includes(v['envManager'] as string) &&
    ['local', 'databricks', 'kubernetes'].includes(v['backend'] as string) &&
    isTextRecord(v['parameters']) &&
    Array.isArray(v['extraParameters']) &&
    v['extraParameters'].every(isKeyValue)
  );
}

/** Reads back a saved form, loosely typed as VS Code returns it; anything unexpected gives nothing. */
export function parseSavedForm(saved: unknown): SavedForm | undefined {
  if (!isObject(saved) || !isString(saved['projectFile']) || !isLaunchValues(saved['hostValues']) || !isLaunchValues(saved['values'])) return undefined;
  const others = saved['others'];
  if (!isObject(others) || !Object.values(others).every(isTextRecord)) return undefined;
  return { projectFile: saved['projectFile'], hostValues: saved['hostValues'], values: saved['values'], others: others as Record<string, Record<string, string>> };
}

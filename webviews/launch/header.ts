/** The launch form's header (project, MLflow, store), what blocks a launch, and the last launch's outcome. */
import type { LaunchFormState } from '../../src/shared/webviewProtocol';
import { el, type Child } from '../shared/dom';
import { linkButton } from '../shared/ui';

function lastSegment(dir: string): string {
  const parts = dir.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? dir;
}

export function header(s: LaunchFormState): HTMLElement {
  const rows: [string, Child][] = [
    ['Project folder', el('code', { attrs: { 'data-field': 'projectDir' } }, s.projectDir)],
    ['MLflow', s.mlflow ? el('span', { attrs: { 'data-field': 'mlflow' } }, s.mlflow) : s.mlflowMissing ? el('span', { className: 'missing' }, 'not found') : 'looking for it…'],
    ['Tracking store', s.trackingUri ? el('code', { attrs: { 'data-field': 'trackingUri' } }, s.trackingUri) : null],
  ];
  return el(
    'header',
    { className: 'launch-header' },
    el('h1', {}, 'Run ', el('span', { attrs: { 'data-field': 'projectName' } }, s.projectName || lastSegment(s.projectDir))),
    el('dl', { className: 'overview' }, ...rows.filter(([, v]) => v !== null).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
  );
}

/** MLflow missing and MLproject errors, prominent: nothing can be launched while there are any. */
export function blockers(s: LaunchFormState, openProject: () => void): Child {
  const parts: HTMLElement[] = [];
  if (s.mlflowMissing) {
    parts.push(el('div', { className: 'blocker', attrs: { 'data-field': 'mlflowMissing' } }, el('h2', {}, 'MLflow was not found'), el('p', { className: 'blocker-text' }, s.mlflowMissing)));
  }
  if (s.projectErrors.length > 0) {
    parts.push(
      el(
        'div',
        { className: 'blocker', attrs: { 'data-field': 'projectErrors' } },
        el('h2', {}, s.projectErrors.length === 1 ? 'The MLproject has an error' : `The MLproject has ${s.projectErrors.length} errors`),
        el('ul', {}, ...s.projectErrors.map((e) => el('li', {}, e))),
        linkButton('Open the MLproject', openProject),
      ),
    );
  }
  return parts.length ? el('section', { className: 'blockers', attrs: { 'aria-label': 'What prevents a launch' } }, ...parts) : null;
}

/** "Starting…", then the run it started (a link to it) or why it could not start. */
export function launchOutcome(s: LaunchFormState, openRun: (runId: string) => void): Child {
  if (s.launching) return el('p', { className: 'note launch-status', attrs: { role: 'status', 'data-field': 'launching' } }, 'Starting mlflow run…');
  const last = s.lastLaunch;
  if (!last) return null;
  if (last.error !== undefined) return el('p', { className: 'error', attrs: { role: 'alert', 'data-field': 'lastLaunch' } }, `The run could not start: ${last.error}`);
  if (last.runId !== undefined) {
    const runId = last.runId;
    return el('p', { className: 'launch-status', attrs: { role: 'status', 'data-field': 'lastLaunch' } }, 'Started run ', linkButton(runId, () => openRun(runId), 'Open the run'));
  }
  return null;
}

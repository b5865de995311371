/**
 * The quick inputs of "Filter Runs…": a pick of recent filters in which typing writes a new one
 * (Enter applies what was typed), and the input box that edits a filter. Both check the text with
 * MLflow's grammar as it is typed; an invalid filter is never returned.
 */
import * as vscode from 'vscode';
import { filterProblem } from './runQuery';

/** What the user chose: a filter to apply ('' clears it), or undefined when they dismissed the inputs. */
export type FilterDecision = { filter: string } | undefined;

/** Told about each quick input while it is shown (tests drive them through it). */
export type FilterInputObserver = (input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox) => void;

type Choice = vscode.QuickPickItem & { choice: 'typed' | 'new' | 'clear' | 'recent' | 'separator'; filter?: string };

const TITLE = 'Filter MLflow Runs';
const EXAMPLE = "metrics.accuracy > 0.9 and params.C = '1.0'";

/** Quick-pick labels render `$(name)` as an icon: filter text is shown as written. */
function literal(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** The item for what is typed: first, with the grammar's verdict (Enter on an invalid one opens the editor). */
function typedChoice(typed: string): Choice {
  const problem = filterProblem(typed);
  return {
    choice: 'typed',
    filter: typed,
    label: literal(typed),
    alwaysShow: true,
    ...(problem ? { detail: `$(error) ${problem}` } : { description: 'Apply this filter' }),
  };
}

function choices(typed: string, history: readonly string[], current: string | undefined): Choice[] {
  const offerTyped = typed !== '' && !history.includes(typed);
  return [
    ...(offerTyped ? [typedChoice(typed)] : []),
    {
      choice: 'new',
      label: '$(edit) New filter…',
      detail: typed ? `Edit "${typed}" before applying it` : current ? `Edit the active filter: ${current}` : EXAMPLE,
      alwaysShow: true,
    },
    ...(current ? [{ choice: 'clear' as const, label: '$(clear-all) Clear the filter', alwaysShow: true }] : []),
    { choice: 'separator', label: 'Recent filters', kind: vscode.QuickPickItemKind.Separator },
    ...history.map<Choice>((f) => ({ choice: 'recent', filter: f, label: literal(f), description: f === current ? 'active' : '' })),
  ];
}

/**
 * Offers the recent filters (or goes straight to the input box when there are none). Typing in the
 * pick and pressing Enter applies the typed filter, as the placeholder promises; an invalid one
 * opens the input box on it, where the message names the column.
 */
export async function chooseFilter(history: readonly string[], current: string | undefined, observe?: FilterInputObserver): Promise<FilterDecision> {
  if (history.length === 0) return editFilter(current ?? '', observe);
  const next = await new Promise<{ use: string } | { edit: string } | { clear: true } | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<Choice>();
    pick.title = TITLE;
    pick.placeholder = 'Type a filter and press Enter, or pick a recent one';
    pick.items = choices('', history, current);
    let settled = false;
    const finish = (value: Parameters<typeof resolve>[0]) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.hide();
    };
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = choices(typed, history, current);
      // Text that is no filter yet but part of a recent one is a search of the history: that one stays active.
      const recent = filterProblem(typed) ? pick.items.find((i) => i.choice === 'recent' && i.filter?.toLowerCase().includes(typed.toLowerCase())) : undefined;
      if (recent) pick.activeItems = [recent];
    });
    pick.onDidAccept(() => {
      const typed = pick.value.trim();
      const active = pick.activeItems[0];
      // Enter pressed before the typed item reached the list (fast typing): the text is what was meant.
      if (!active || active.choice === 'typed') {
        if (typed) finish(filterProblem(typed) ? { edit: typed } : { use: typed });
        return;
      }
      if (active.choice === 'new') finish({ edit: typed || current || '' });
      else if (active.choice === 'clear') finish({ clear: true });
      else if (active.choice === 'recent' && active.filter !== undefined) finish({ use: active.filter });
    });
    pick.onDidHide(() => {
      finish(undefined);
      pick.dispose();
    });
    pick.show();
    observe?.(pick);
  });
  if (!next) return undefined;
  if ('use' in next) return { filter: next.use };
  if ('clear' in next) return { filter: '' };
  return editFilter(next.edit, observe);
}

/** The input box on `value`: the grammar's message shows as the text changes and blocks Enter. */
function editFilter(value: string, observe?: FilterInputObserver): Promise<FilterDecision> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = TITLE;
    box.prompt = `An MLflow search filter: clauses joined by AND, e.g. ${EXAMPLE}. Empty clears the filter.`;
    box.placeholder = EXAMPLE;
    box.value = value;
    box.validationMessage = filterProblem(value);
    let settled = false;
    const finish = (decision: FilterDecision) => {
      if (settled) return;
      settled = true;
      resolve(decision);
      box.hide();
    };
    box.onDidChangeValue((text) => {
      box.validationMessage = filterProblem(text);
    });
    box.onDidAccept(() => {
      // Checked again here: text set by the extension itself (not typed) reports no change.
      box.validationMessage = filterProblem(box.value);
      if (box.validationMessage === undefined) finish({ filter: box.value.trim() });
    });
    box.onDidHide(() => {
      finish(undefined);
      box.dispose();
    });
    box.show();
    observe?.(box);
  });
}

/**
 * A handle on a quick input the extension shows, for the integration tests: VS Code's API cannot type
 * into a quick input it did not create, so the test API hands out this probe. Text is set as typing
 * sets it and is awaited until the workbench reports it back; Enter is VS Code's own
 * `workbench.action.acceptSelectedQuickOpenItem`, so the workbench's filtering and active item decide.
 */
import * as vscode from 'vscode';

export interface QuickInputProbe {
  kind: 'pick' | 'input';
  value(): string;
  /**
   * Replaces the text. A pick resolves once the workbench has reported the new value back (and
   * `onDidChangeValue` ran); an input box never reports text set by an extension, so it resolves at once.
   */
  type(text: string): Promise<void>;
  /** The pick's item labels, as the extension last set them. */
  labels(): string[];
  /** Resolves with the label of the workbench's active item once `matches` accepts it. */
  whenActive(matches: (label: string) => boolean): Promise<string>;
  validationMessage(): string | undefined;
  /** Resolves when the input is hidden (accepted or dismissed). */
  readonly hidden: Promise<void>;
}

export function probeQuickInput(input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox): QuickInputProbe {
  const isPick = 'items' in input;
  const hidden = new Promise<void>((resolve) => input.onDidHide(() => resolve()));
  const activeLabel = () => (isPick ? (input as vscode.QuickPick<vscode.QuickPickItem>).activeItems[0]?.label : undefined);
  return {
    kind: isPick ? 'pick' : 'input',
    hidden,
    value: () => input.value,
    type: (text) =>
      new Promise<void>((resolve) => {
        if (!isPick) {
          input.value = text;
          return resolve();
        }
        const listener = input.onDidChangeValue((value) => {
          if (value !== text) return;
          listener.dispose();
          resolve();
        });
        input.value = text;
      }),
    labels: () => (isPick ? (input as vscode.QuickPick<vscode.QuickPickItem>).items.map((i) => i.label) : []),
    whenActive: (matches) =>
      new Promise<string>((resolve, reject) => {
        if (!isPick) return reject(new Error('an input box has no items'));
        const pick = input as vscode.QuickPick<vscode.QuickPickItem>;
        const check = () => {
          const label = activeLabel();
          if (label === undefined || !matches(label)) return false;
          resolve(label);
          return true;
        };
        if (check()) return;
        const listener = pick.onDidChangeActive(() => check() && listener.dispose());
      }),
    validationMessage: () => {
      if (isPick) return undefined;
      const message = (input as vscode.InputBox).validationMessage;
      return typeof message === 'string' ? message : message?.message;
    },
  };
}

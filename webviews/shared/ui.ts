/**
 * Every form control of every panel, and the only module that imports `@vscode/webview-ui-toolkit`.
 * The toolkit is deprecated upstream: panels call these factories and never name a `vscode-*`
 * element, so replacing the toolkit means rewriting this file (plus the `vscode-*` rules of
 * base.css and the build shim webviews/build/cspSafeToolkit.mjs) only.
 *
 * Strict CSP: the toolkit's FAST elements style their shadow roots with constructable stylesheets
 * (`adoptedStyleSheets`) and its design tokens through a constructable sheet on the document, which
 * `style-src` without 'unsafe-inline' does not block. FAST's one inline `<style>` (a `:focus-visible`
 * probe) is replaced at build time by cspSafeToolkit.mjs. The Chromium tier fails on any violation.
 * Store data still reaches the DOM only as text nodes (slotted light-DOM text, via `dom.ts`).
 *
 * Kept native on purpose:
 * - slider: the toolkit has no slider, and FAST's own binds a `style="…"` attribute, which the CSP blocks;
 * - badge: `vscode-tag`/`vscode-badge` share FAST's badge template, whose `style="…"` binding is
 *   refused as an inline style attribute (style-src-attr) as soon as the element renders;
 * - linkButton: `vscode-link` is an anchor; without an href it is not keyboard-focusable, and the
 *   webview must never follow a URL itself (the host opens links);
 * - headerButton (sortable table headers) and tables: `vscode-data-grid` owns cell focus and
 *   keyboard navigation, which would fight the links and selectable text inside our cells.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
  type Button,
  type Checkbox,
  type Dropdown,
  type TextField,
} from '@vscode/webview-ui-toolkit';
import { customEl, el, type Child } from './dom';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeTextField());

/** What callers may do with a button besides clicking it. */
export type UiButton = HTMLElement & { disabled: boolean };

export function button(label: string, onClick: () => void, options: { title?: string; secondary?: boolean } = {}): UiButton {
  const b = customEl('vscode-button', { className: 'button', attrs: { appearance: options.secondary ? 'secondary' : 'primary', title: options.title } }, label) as Button;
  // FAST swallows clicks on a disabled button only when its content is plain text; checked here for all.
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

/** An on/off choice (legend entries, filters); `content` is its label. */
export function checkbox(content: Child[], checked: boolean, onChange: (checked: boolean) => void, title?: string): HTMLElement {
  const box = customEl('vscode-checkbox', { className: 'toggle', attrs: { title } }, ...content) as Checkbox;
  box.checked = checked;
  // Listening only after the initial state: FAST emits `change` for programmatic changes too.
  let last = checked;
  box.addEventListener('change', () => {
    if (box.checked === last) return;
    last = box.checked;
    onChange(box.checked);
  });
  return box;
}

export function select<T extends string>(
  label: string,
  options: readonly { value: T; label: string }[],
  value: T,
  onChange: (value: T) => void,
): HTMLElement {
  const dropdown = customEl(
    'vscode-dropdown',
    { className: 'select', attrs: { 'aria-label': label } },
    ...options.map((o) => customEl('vscode-option', { attrs: { value: o.value, selected: o.value === value } }, o.label)),
  ) as Dropdown;
  let last: string = value;
  dropdown.addEventListener('change', () => {
    const next = options.find((o) => o.value === dropdown.value);
    if (!next || next.value === last) return;
    last = next.value;
    onChange(next.value);
  });
  return el('span', { className: 'field' }, el('span', { className: 'field-label', attrs: { 'aria-hidden': 'true' } }, label), dropdown);
}

export function textField(placeholder: string, value: string, onInput: (value: string) => void): HTMLElement {
  // The toolkit names the field after its content (it overwrites any aria-label on connection), so
  // the name is slotted in as a label, and base.css hides that label: the placeholder shows it.
  const field = customEl('vscode-text-field', { className: 'text-field', attrs: { placeholder } }, placeholder) as TextField;
  field.value = value;
  let last = value;
  field.addEventListener('input', () => {
    if (field.value === last) return;
    last = field.value;
    onInput(field.value);
  });
  return field;
}

export function slider(label: string, min: number, max: number, step: number, value: number, onInput: (value: number) => void): HTMLLabelElement {
  const input = el('input', { className: 'slider', attrs: { type: 'range', min, max, step } });
  input.value = String(value);
  const shown = el('span', { className: 'slider-value' }, value.toFixed(2));
  input.addEventListener('input', () => {
    shown.textContent = Number(input.value).toFixed(2);
    onInput(Number(input.value));
  });
  return el('label', { className: 'field' }, el('span', { className: 'field-label' }, label), input, shown);
}

/** A link-styled button: navigation inside the extension, never a URL the webview follows. */
export function linkButton(label: string, onClick: () => void, title?: string): HTMLButtonElement {
  return el('button', { className: 'link', attrs: { type: 'button', title }, onClick }, label);
}

/** A column header that reads as header text and sorts when clicked. */
export function headerButton(label: string, onClick: () => void): HTMLButtonElement {
  return el('button', { className: 'sort', attrs: { type: 'button' }, onClick }, label);
}

/** A short status label (FINISHED, FAILED…). */
export function badge(text: string, kind: string): HTMLSpanElement {
  return el('span', { className: `badge badge-${kind.toLowerCase().replace(/[^a-z]/g, '')}` }, text);
}

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

export function button(label: string, onClick: () => void, options: { title?: string; secondary?: boolean; ariaLabel?: string } = {}): UiButton {
  // aria-label on the host is forwarded by the toolkit to its inner <button> (for several "Remove" buttons, say which).
  const attrs = { appearance: options.secondary ? 'secondary' : 'primary', title: options.title, 'aria-label': options.ariaLabel };
  const b = customEl('vscode-button', { className: 'button', attrs }, label) as Button;
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

/** One choice of a `select`; a disabled one is shown but cannot be chosen (its `title` says why). */
export interface SelectOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
  title?: string;
}

export function select<T extends string>(
  label: string,
  options: readonly SelectOption<T>[],
  value: T,
  onChange: (value: T) => void,
): HTMLElement {
  const dropdown = customEl(
    'vscode-dropdown',
    { className: 'select', attrs: { 'aria-label': label } },
    ...options.map((o) => customEl('vscode-option', { attrs: { value: o.value, selected: o.value === value, disabled: o.disabled, title: o.title } }, o.label)),
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

/** What a labelled text field offers its panel: the element, plus a value setter for values that do not come from typing. */
export interface UiTextField {
  element: HTMLElement;
  value(): string;
  /** Sets the value without calling `onInput` (a picked path, say): the caller updates its model. */
  setValue(value: string): void;
  /** Marks the field invalid and describes it by `message`, or clears both (`null`). */
  setError(message: HTMLElement | null): void;
}

export interface LabeledTextFieldOptions {
  /** The visible label, also the field's accessible name (aria-hidden does not take a part out of it; CSS content with empty alt text does). */
  label: Child[];
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  required?: boolean;
  /** Numeric keyboard hint (`inputmode`); the value stays the text as typed. */
  inputMode?: 'decimal' | 'numeric';
  maxLength?: number;
  className?: string;
}

/**
 * A text field with its label shown above it. The toolkit's input lives in the element's shadow
 * root, so an `aria-describedby` id could not reach the error text outside it: the description is
 * set as an element reference on the inner input instead (ARIA element reflection allows pointing
 * from a shadow tree to its ancestors' tree), and `aria-invalid` is forwarded by the toolkit itself.
 */
export function labeledTextField(options: LabeledTextFieldOptions): UiTextField {
  const field = customEl(
    'vscode-text-field',
    {
      className: `labeled-field${options.className ? ` ${options.className}` : ''}`,
      attrs: {
        placeholder: options.placeholder || undefined,
        maxlength: options.maxLength,
        required: options.required,
        'aria-required': options.required ? 'true' : undefined,
      },
    },
    ...options.label,
  ) as TextField;
  field.value = options.value;
  field.addEventListener('input', () => options.onInput(field.value));
  let description: HTMLElement | null = null;
  // The inner input exists once the element is connected; until then the wanted state waits here.
  const applyToControl = () => {
    const control = (field as TextField & { control?: HTMLInputElement }).control;
    if (!control) return false;
    if (options.inputMode) control.inputMode = options.inputMode;
    control.ariaDescribedByElements = description ? [description] : null;
    return true;
  };
  const apply = () => {
    if (!applyToControl()) setTimeout(applyToControl, 0);
  };
  apply();
  return {
    element: field,
    value: () => field.value,
    setValue(value) {
      field.value = value;
    },
    setError(message) {
      description = message;
      if (message) field.setAttribute('aria-invalid', 'true');
      else field.removeAttribute('aria-invalid');
      apply();
    },
  };
}

/** Marks a `select` invalid and describes it by `message` (which gets an id if it has none), or clears both. */
export function setSelectError(selectField: HTMLElement, message: HTMLElement | null): void {
  const dropdown = selectField.matches('vscode-dropdown') ? selectField : selectField.querySelector('vscode-dropdown');
  if (!dropdown) return;
  if (message) {
    message.id ||= `ui-message-${++messageIds}`;
    dropdown.setAttribute('aria-invalid', 'true');
    dropdown.setAttribute('aria-describedby', message.id);
  } else {
    dropdown.removeAttribute('aria-invalid');
    dropdown.removeAttribute('aria-describedby');
  }
}

let messageIds = 0;

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

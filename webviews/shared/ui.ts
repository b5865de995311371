/**
 * Form controls for every panel, in one module. `@vscode/webview-ui-toolkit` is deprecated upstream,
 * so panels never touch its elements directly: they call these functions, which today build native
 * elements styled with the theme's `--vscode-*` variables (no custom elements, so no style
 * injection to reconcile with the strict CSP). Swapping the implementation happens here only.
 */
import { el, type Child } from './dom';

export function button(label: string, onClick: () => void, options: { title?: string; secondary?: boolean } = {}): HTMLButtonElement {
  return el('button', { className: options.secondary ? 'button secondary' : 'button', attrs: { type: 'button', title: options.title }, onClick }, label);
}

/** A pressed/unpressed toggle (legend entries). */
export function toggle(content: Child[], pressed: boolean, onChange: (pressed: boolean) => void, title?: string): HTMLButtonElement {
  const b = el('button', { className: 'toggle', attrs: { type: 'button', 'aria-pressed': String(pressed), title } }, ...content);
  b.addEventListener('click', () => {
    const next = b.getAttribute('aria-pressed') !== 'true';
    b.setAttribute('aria-pressed', String(next));
    onChange(next);
  });
  return b;
}

export function select<T extends string>(
  label: string,
  options: readonly { value: T; label: string }[],
  value: T,
  onChange: (value: T) => void,
): HTMLLabelElement {
  const s = el('select', { className: 'select' });
  for (const o of options) {
    const option = el('option', { attrs: { value: o.value } }, o.label);
    option.selected = o.value === value;
    s.appendChild(option);
  }
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { className: 'field' }, el('span', { className: 'field-label' }, label), s);
}

export function textField(placeholder: string, value: string, onInput: (value: string) => void): HTMLInputElement {
  const input = el('input', { className: 'text-field', attrs: { type: 'search', placeholder, 'aria-label': placeholder } });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return input;
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

export function badge(text: string, kind: string): HTMLSpanElement {
  return el('span', { className: `badge badge-${kind.toLowerCase().replace(/[^a-z]/g, '')}` }, text);
}

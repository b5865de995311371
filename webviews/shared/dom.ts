/**
 * The only way webview code creates elements. Text goes in through text nodes (never innerHTML),
 * and attributes that could run code or load something (event handlers, URLs, inline style) are
 * refused, so store data can only ever appear as text.
 */

export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  className?: string;
  /** Plain attributes (aria-*, data-*, title, role…); never event handlers or URLs. */
  attrs?: Record<string, string | number | boolean | undefined>;
  onClick?: (event: MouseEvent) => void;
}

const FORBIDDEN_ATTRIBUTE = /^(on|href$|src$|srcdoc$|style$|action$|formaction$|xlink:|srcset$|poster$|data$)/i;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), props, children);
}

/** A custom element (`vscode-button`…), under the same attribute and text rules as `el`. */
export function customEl(tag: `${string}-${string}`, props: ElementProps = {}, ...children: Child[]): HTMLElement {
  return build(document.createElement(tag), props, children);
}

function build<E extends HTMLElement>(element: E, props: ElementProps, children: Child[]): E {
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`dom.el: attribute '${name}' is not allowed`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  const onClick = props.onClick;
  if (onClick) element.addEventListener('click', (event) => onClick(event as MouseEvent));
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** Replaces the children of `parent` in one step (no flash of empty content). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, ...children);
  clear(parent);
  parent.appendChild(fragment);
}

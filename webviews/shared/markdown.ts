/**
 * A small Markdown renderer for run and experiment descriptions that builds DOM nodes with text
 * only: no HTML passthrough (a `<script>` in a description shows as the text `<script>`), no
 * images, and links handed to the host (which opens web links only) instead of followed here.
 * Covers what MLflow notes use: headings, paragraphs, lists, quotes, fenced code, rules, and
 * inline code, bold, italic and links.
 */
import { el, type Child } from './dom';

export type LinkHandler = (url: string) => void;

const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/;

export function renderInline(text: string, onLink: LinkHandler): Child[] {
  const out: Child[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const [whole, , code, bold1, bold2, em1, em2, linkText, url] = match;
    if (code !== undefined) out.push(el('code', {}, code.trim() || code));
    else if (bold1 ?? bold2) out.push(el('strong', {}, ...renderInline((bold1 ?? bold2) as string, onLink)));
    else if (em1 ?? em2) out.push(el('em', {}, ...renderInline((em1 ?? em2) as string, onLink)));
    else if (linkText !== undefined && url !== undefined) out.push(link(linkText, url, onLink));
    rest = rest.slice(match.index + whole.length);
  }
  if (rest) out.push(rest);
  return out;
}

function link(text: string, url: string, onLink: LinkHandler): HTMLElement {
  const a = el('a', { className: 'md-link', attrs: { role: 'link', tabindex: 0, title: url } }, ...renderInline(text, onLink));
  const follow = (event: Event) => {
    event.preventDefault();
    onLink(url);
  };
  a.addEventListener('click', follow);
  a.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') follow(event);
  });
  return a;
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function renderMarkdown(source: string, onLink: LinkHandler): HTMLElement {
  const root = el('div', { className: 'markdown' });
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = /^\s*(```|~~~)(.*)$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).trim().startsWith(fence[1] as string); i++) body.push(lines[i] as string);
      i++;
      root.appendChild(el('pre', {}, el('code', {}, body.join('\n'))));
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min(6, (heading[1] as string).length + 2);
      root.appendChild(el(`h${level}` as 'h3', {}, ...renderInline(heading[2] as string, onLink)));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      root.appendChild(el('hr'));
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i] as string); i++) quoted.push((lines[i] as string).replace(/^\s*>\s?/, ''));
      root.appendChild(el('blockquote', {}, renderMarkdown(quoted.join('\n'), onLink)));
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2] as string);
      const list = el(ordered ? 'ol' : 'ul');
      for (let m = LIST_ITEM.exec(lines[i] ?? ''); i < lines.length && m; m = LIST_ITEM.exec(lines[i] ?? '')) {
        list.appendChild(el('li', {}, ...renderInline(m[3] as string, onLink)));
        i++;
      }
      root.appendChild(list);
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && (lines[i] as string).trim() && !isBlockStart(lines[i] as string); i++) paragraph.push((lines[i] as string).trim());
    root.appendChild(el('p', {}, ...renderInline(paragraph.join(' '), onLink)));
  }
  return root;
}

function isBlockStart(line: string): boolean {
  return /^\s*(```|~~~|#{1,6}\s|>)/.test(line) || LIST_ITEM.test(line);
}

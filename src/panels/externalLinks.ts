/**
 * Which links from a run's rendered Markdown the host opens: web pages and mail only. A description
 * is untrusted store data, so `command:` (runs VS Code commands), `file:`, `javascript:`, `data:`,
 * `vscode:` and every other scheme are refused, whatever the webview forwards.
 */
const OPENABLE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export type ExternalLinkCheck = { ok: true; href: string } | { ok: false; reason: string };

export function checkExternalLink(url: string): ExternalLinkCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'it is not an absolute URL' };
  }
  if (!OPENABLE_SCHEMES.has(parsed.protocol)) return { ok: false, reason: `${parsed.protocol} links are not opened (only http, https and mailto)` };
  if (parsed.protocol !== 'mailto:' && !parsed.hostname) return { ok: false, reason: 'it names no host' };
  return { ok: true, href: parsed.href };
}

/**
 * An HTML artifact as the document of a script-less preview. The artifact is untrusted (anyone who
 * can log to the store wrote it), so its own markup is kept but nothing in it may run or reach out:
 * the policy below comes first in the document, and a later policy in the artifact can only narrow
 * it (browsers enforce every policy). The webview adds the sandbox (`enableScripts: false`).
 */

/** No script of any kind, no network, no frames, forms or plugins; inline styles and data: images only. */
export const HTML_PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  'media-src data:',
  "object-src 'none'",
  "frame-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const DOCTYPE = /^\uFEFF?\s*<!doctype[^>]*>/i;
/** A `<meta http-equiv=refresh>` would navigate the preview away; policies cannot stop it. */
const META_REFRESH = /(<meta\b[^>]*?)http-equiv\s*=\s*(["']?)refresh\2/gi;

/** The artifact's HTML with the policy as its first element (after a doctype, which must stay first). */
export function sandboxedHtmlDocument(artifactHtml: string): string {
  const html = artifactHtml.replace(META_REFRESH, '$1data-removed-refresh');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">`;
  const doctype = DOCTYPE.exec(html);
  if (!doctype) return `${meta}\n${html}`;
  return `${doctype[0]}${meta}${html.slice(doctype[0].length)}`;
}

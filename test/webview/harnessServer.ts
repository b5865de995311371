/**
 * Serves each built webview bundle inside the page the extension writes (same `webviewHtml`, same
 * CSP with a fresh nonce), from a local HTTP origin that plays the role of `webview.cspSource`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createNonce, webviewHtml } from '../../src/panels/webviewHtml';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface HarnessServer {
  origin: string;
  pageUrl(bundle: string): string;
  close(): Promise<void>;
}

export async function startHarnessServer(bundleDir: string): Promise<HarnessServer> {
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const page = /^\/panel\/(\w+)\.html$/.exec(url.pathname);
    if (page) {
      const bundle = page[1] as string;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        webviewHtml({
          cspSource: origin,
          scriptUri: `${origin}/bundles/${bundle}.js`,
          styleUri: `${origin}/bundles/${bundle}.css`,
          nonce: createNonce(),
          title: `${bundle} harness`,
        }),
      );
      return;
    }
    const file = /^\/bundles\/([\w.]+)$/.exec(url.pathname);
    const full = file ? path.join(bundleDir, file[1] as string) : '';
    if (!file || !fs.existsSync(full)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream' });
    fs.createReadStream(full).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (bundle) => `${origin}/panel/${bundle}.html`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * One webview bundle in a Chromium page, with a fake host: `acquireVsCodeApi` is provided before
 * the bundle loads, every message the page posts is JSON-serialised (as VS Code does) and checked
 * by the host's real `parseWebviewMessage`, requests are answered by a responder, and CSP
 * violations, dialogs (`alert`) and uncaught page errors are recorded for the hostile-data checks.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseWebviewMessage } from '../../src/panels/messageGuard';
import type {
  HostMessage,
  PanelContracts,
  PanelKind,
  RequestMessage,
  WebviewMessage,
} from '../../src/shared/webviewProtocol';
import type { HarnessServer } from './harnessServer';

export type Responder<K extends PanelKind> = (request: RequestMessage<K>) => Promise<unknown>;

interface PageGlobals {
  __cspViolations: string[];
  __toHost(json: string): Promise<void>;
  __pwned?: unknown;
  __savedState?: unknown;
  acquireVsCodeApi(): unknown;
}

const WAIT_MS = 10_000;

export class WebviewPage<K extends PanelKind> {
  readonly received: WebviewMessage<K>[] = [];
  readonly rejected: string[] = [];
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  readonly consoleCspReports: string[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    readonly kind: K,
    private responder: Responder<K> | undefined,
  ) {}

  static async open<K extends PanelKind>(browser: Browser, server: HarnessServer, kind: K, responder?: Responder<K>): Promise<WebviewPage<K>> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const harness = new WebviewPage(context, page, kind, responder);
    page.on('dialog', (dialog) => {
      harness.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => harness.pageErrors.push(error.message));
    // Chromium also reports each violation on the console, even where no event reaches `document`.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) harness.consoleCspReports.push(message.text());
    });
    await page.exposeFunction('__toHost', (json: string) => harness.fromWebview(json));
    await page.addInitScript(() => {
      const w = window as unknown as PageGlobals;
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`);
      });
      w.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => void w.__toHost(JSON.stringify(message)),
        getState: () => w.__savedState,
        setState: (state: unknown) => {
          w.__savedState = JSON.parse(JSON.stringify(state));
        },
      });
    });
    await page.goto(server.pageUrl(kind));
    await harness.waitForMessage((m) => m.kind === 'ready');
    return harness;
  }

  setResponder(responder: Responder<K>): void {
    this.responder = responder;
  }

  private async fromWebview(json: string): Promise<void> {
    let message: WebviewMessage<K>;
    try {
      message = parseWebviewMessage(this.kind, JSON.parse(json) as unknown);
    } catch (error) {
      this.rejected.push(error instanceof Error ? error.message : String(error));
      return;
    }
    this.received.push(message);
    for (const wake of this.waiters.splice(0)) wake();
    if (message.kind === 'request') {
      let reply: HostMessage<K>;
      try {
        if (!this.responder) throw new Error(`no responder for ${String(message.method)}`);
        reply = { kind: 'response', id: message.id, ok: true, result: await this.responder(message) };
      } catch (error) {
        reply = { kind: 'response', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      await this.post(reply);
    }
  }

  /** Resolves with the first received message (already guard-checked) matching `predicate`. */
  async waitForMessage(predicate: (m: WebviewMessage<K>) => boolean, timeoutMs = WAIT_MS): Promise<WebviewMessage<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message from the ${this.kind} webview within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.kind))}, rejected ${JSON.stringify(this.rejected)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async post(message: HostMessage<K>): Promise<void> {
    // Through JSON, as VS Code's postMessage does: NaN/Infinity would not survive, so the protocol must not rely on them.
    const json = JSON.stringify(message);
    await this.page.evaluate((text) => window.postMessage(JSON.parse(text), '*'), json);
  }

  async pushState(state: PanelContracts[K]['state']): Promise<void> {
    await this.post({ kind: 'state', state } as HostMessage<K>);
  }

  /** What the webview saved with `setState`: VS Code hands it to the panel serializer after a reload. */
  async savedState(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as PageGlobals).__savedState);
  }

  /** Violations seen as `securitypolicyviolation` events, then those only reported on the console. */
  async cspViolations(): Promise<string[]> {
    const events = await this.page.evaluate(() => (window as unknown as PageGlobals).__cspViolations);
    return [...events, ...this.consoleCspReports.map((text) => `console: ${text}`)];
  }

  async pwned(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as PageGlobals).__pwned);
  }

  /** Everything that must be empty after rendering untrusted data. */
  async incidents(): Promise<string[]> {
    return [
      ...this.rejected.map((r) => `message refused by the host guard: ${r}`),
      ...this.dialogs.map((d) => `dialog opened: ${d}`),
      ...this.pageErrors.map((e) => `page error: ${e}`),
      ...(await this.cspViolations()).map((v) => `CSP violation: ${v}`),
      ...((await this.pwned()) !== undefined ? ['window.__pwned was set'] : []),
    ];
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

// esbuild plugin for the webview bundles: keeps @vscode/webview-ui-toolkit (FAST) within the strict CSP.
// FAST decides between `:focus-visible` and `:focus` by appending an empty inline <style> to <head>
// and probing it; `style-src` without 'unsafe-inline' blocks that element and reports a violation.
// VS Code webviews are always Chromium, which supports `:focus-visible`, so the answer is fixed here.
const FOCUS_PROBE = /[\\/]@microsoft[\\/]fast-foundation[\\/]dist[\\/]esm[\\/]utilities[\\/]style[\\/]focus\.js$/;

export const cspSafeToolkit = {
  name: 'csp-safe-toolkit',
  setup(build) {
    build.onLoad({ filter: FOCUS_PROBE }, () => ({
      contents: 'export const focusVisible = "focus-visible";',
      loader: 'js',
    }));
  },
};

// The layer rules of the architecture, enforced: src/core and the language server never import
// `vscode`; webviews import neither Node nor core at runtime; src/shared is type-only.
import tseslint from 'typescript-eslint';

const vscodeModules = ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'];
const serverModules = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument'];
const toolkitModules = ['@vscode/webview-ui-toolkit', '@vscode/webview-ui-toolkit/*', '@microsoft/fast-*'];
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'events'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'samples/**', 'test/fixtures/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(
      [...vscodeModules, ...serverModules, '**/webviews/**', '**/language-server/**', '../../extension*', '**/views/**', '**/platform/**', '**/commands/**', '**/panels/**', '**/connection/**'],
      'src/core is a plain library: no vscode, no language server, nothing from the VS Code layer.',
    ),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([...vscodeModules, ...serverModules, ...nodeBuiltins], 'src/shared holds type-only contracts.'),
  },
  {
    files: ['language-server/**/*.ts'],
    rules: restrict([...vscodeModules, '**/webviews/**', '**/src/views/**', '**/src/platform/**', '**/src/extension*'], 'The language server speaks LSP only: it never imports vscode or the VS Code layer.'),
  },
  {
    files: ['webviews/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: [...vscodeModules, ...serverModules, ...nodeBuiltins, '**/src/core/**'], message: 'Webviews run in the browser: no Node, no vscode, no core at runtime.' },
        { group: toolkitModules, message: 'The toolkit is deprecated upstream: only webviews/shared/ui.ts uses it, so it can be swapped there.' },
      ] }],
    },
  },
  {
    files: ['webviews/shared/ui.ts'],
    rules: restrict([...vscodeModules, ...serverModules, ...nodeBuiltins, '**/src/core/**'], 'Webviews run in the browser: no Node, no vscode, no core at runtime.'),
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/**'],
    rules: restrict(['**/webviews/**', '**/language-server/**'], 'The VS Code layer knows the built bundles only.'),
  },
  {
    files: ['test/unit/**/*.ts', 'test/lsp/**/*.ts', 'test/bench/**/*.ts'],
    rules: restrict(vscodeModules, 'Unit, LSP and bench tests run in plain Node without vscode.'),
  },
);

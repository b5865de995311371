/**
 * The MLproject language client (vscode-languageclient), bundled apart as `dist/languageModule.js` and
 * loaded when the first YAML or MLproject document opens (`platform/lazyModule.ts`).
 */
export { MLPROJECT_DOCUMENT_SELECTOR, startLanguageClient } from '../language/languageClient';

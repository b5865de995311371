/**
 * The store backends (file, SQLite, REST), bundled apart as `dist/storeModule.js` and loaded on first
 * use (`platform/lazyModule.ts`): they are most of the extension's code, and activation must not pay for them.
 */
export { openStore, parseTrackingUri } from '../core/store/openStore';
export { restOptionsFromEnv } from '../core/store/rest/environment';
export { sqlitePathFromUri } from '../core/store/sqlite/sqliteUri';
export { openStoreWriter } from '../core/store/write/openWriter';

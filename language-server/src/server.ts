// Process entry of dist/server.js (spawned by the extension over IPC, or `node dist/server.js --stdio`).
// It stays tiny on purpose: it loads dist/serverMain.js through the V8 code cache, because compiling
// the ~360 KB bundle and the first (interpreted) parse of a document are most of the start-up time.
import path from 'node:path';
import { defaultCacheDir, loadWithCodeCache } from './codeCache';

/** Long enough for the first document to be checked, so its lazily compiled functions are saved too. */
const SAVE_AFTER_MS = 3000;

const bundle = loadWithCodeCache(path.join(__dirname, 'serverMain.js'), defaultCacheDir());
setTimeout(bundle.save, SAVE_AFTER_MS).unref();
process.once('exit', bundle.save);

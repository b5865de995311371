/**
 * Loads a module bundled apart (`dist/<name>.js`, an entry of esbuild.mjs) on first use. Heavy code
 * (store backends, the language client) stays out of `extension.js`, so activation does not parse it;
 * the computed `require` keeps esbuild from inlining the module back.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const loaded = new Map<string, unknown>();

export function loadBundledModule<T>(name: string): T {
  const cached = loaded.get(name);
  if (cached) return cached as T;
  const file = path.join(__dirname, `${name}.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  const module = createRequire(__filename)(file) as T;
  loaded.set(name, module);
  return module;
}

/**
 * What a tracking URI designates, told without opening (or loading) any backend: plain paths
 * (absolute, or relative to `cwd`) and `file:` URIs are the file store, `http(s):` a tracking
 * server, `sqlite:///…` a SQLite database. Apart from openStore.ts so that a caller that only
 * needs the kind (the CLI choosing what to load) does not pull in every backend.
 */
import path from 'node:path';
import { StoreError } from './storeErrors';
import { fileUriToPath } from './locationUri';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;
const DRIVE = /^[a-zA-Z]:([/\\]|$)/;

export type ParsedTrackingUri =
  | { kind: 'file'; path: string }
  | { kind: 'sqlite'; uri: string }
  | { kind: 'rest'; uri: string }
  | { kind: 'other'; scheme: string; uri: string };

export function parseTrackingUri(uri: string, cwd: string = process.cwd()): ParsedTrackingUri {
  const text = uri.trim();
  if (text === '') throw new StoreError('invalidArgument', 'The tracking URI is empty.');
  const m = DRIVE.test(text) ? null : SCHEME.exec(text);
  if (!m) return { kind: 'file', path: path.resolve(cwd, text) };
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'file') {
    const p = fileUriToPath(text);
    return { kind: 'file', path: path.resolve(cwd, p) };
  }
  if (scheme === 'sqlite') return { kind: 'sqlite', uri: text };
  if (scheme === 'http' || scheme === 'https') return { kind: 'rest', uri: text };
  return { kind: 'other', scheme, uri: text };
}

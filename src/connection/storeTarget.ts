/** Which tracking store to browse and why: pure data and helpers shared by the connection code (no `vscode`). */
export interface StoreTarget {
  /** The tracking URI (or plain path) handed to `openStore`. */
  uri: string;
  /** How it was chosen, for the status bar tooltip. */
  origin: 'setting' | 'chosen' | 'environment' | 'detected';
  /** A sentence saying why this store is the active one. */
  reason: string;
}

/** A short label for the status bar: the folder name of a local store, the host of a server. */
export function shortStoreLabel(uri: string): string {
  const http = /^https?:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(uri);
  if (http) return http[1] ?? uri;
  const sqlite = /^sqlite:\/+(.*)$/i.exec(uri);
  const local = sqlite ? sqlite[1] ?? uri : uri.replace(/^file:\/+/i, '/');
  const parts = local.split(/[\\/]+/).filter(Boolean);
  return parts.slice(-2).join('/') || uri;
}

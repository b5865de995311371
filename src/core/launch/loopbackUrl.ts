// Which URLs name this machine: the ones a window on another machine (Remote-SSH, WSL, Dev Containers,
// Codespaces, code-server in a browser) can only reach through VS Code's port forwarding.

/** An http(s) URL whose host is this machine: `localhost` (and `*.localhost`), 127.0.0.0/8, `[::1]` or `0.0.0.0`. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]' || host === '0.0.0.0';
}

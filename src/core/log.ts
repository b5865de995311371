/** A logger core code can use without knowing where lines go (an output channel, stderr, nothing). */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const SECRET_QUERY = /([?&](?:token|access_token|password|secret|api[_-]?key)=)[^&\s]+/gi;
const AUTH_HEADER = /(authorization\s*[:=]\s*)(basic|bearer|token)\s+[^\s,;"']+/gi;
/**
 * Everything between `scheme://` and the last `@` of the authority: `user:password@`, a bare token
 * (`https://TOKEN@host`) and a user name that itself holds an `@` (`me@corp.com:pw@host`) alike.
 */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#\\\s]*@/gi;

/**
 * Removes credentials from a line before it is logged or shown: any URL user-info (masked whole as
 * `***@`), auth headers, and token/password query parameters.
 */
export function redact(text: string): string {
  return text
    .replace(URL_USERINFO, '$1***@')
    .replace(AUTH_HEADER, '$1$2 ***')
    .replace(SECRET_QUERY, '$1***');
}

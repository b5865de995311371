// `mlflow run` logs each parameter as it substituted it into the command: through Python's
// shlex.quote (`lib'linear` is logged as `'lib'"'"'linear'`). A re-run must give the value the user
// typed, or every re-run adds a layer of quotes.

/** Characters shlex.quote leaves bare (Python 3.11: `[^\w@%+=:,./-]` triggers quoting, ASCII \w). */
const SHLEX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Python's shlex.quote. */
export function shlexQuote(value: string): string {
  if (value === '') return "''";
  if (SHLEX_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The value before shlex.quote: the exact inverse where `logged` is a quote's output, else `logged`
 * unchanged (a value logged by a script, not by `mlflow run`). Checked by quoting back.
 */
export function unquoteLoggedParam(logged: string): string {
  if (logged.length < 2 || !logged.startsWith("'") || !logged.endsWith("'")) return logged;
  const candidate = logged.slice(1, -1).replace(/'"'"'/g, "'");
  return shlexQuote(candidate) === logged ? candidate : logged;
}

// Quoting an argv for the shell of a terminal, so the program receives exactly these arguments: nothing
// expanded, split or executed on the way. Plain TypeScript (no vscode), one quoting rule set per shell family.

export type ShellKind = 'bash' | 'zsh' | 'sh' | 'fish' | 'pwsh' | 'cmd';

/** Thrown when an argument cannot be passed through that shell exactly (e.g. a newline through cmd.exe). */
export class UnquotableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnquotableError';
  }
}

/** One argument quoted for the shell. */
export function quoteArg(arg: string, shell: ShellKind): string {
  checkArg(arg, shell);
  switch (shell) {
    case 'bash':
    case 'zsh':
    case 'sh':
      return posixQuote(arg, shell);
    case 'fish':
      return fishQuote(arg);
    case 'pwsh':
      return pwshQuote(arg);
    case 'cmd':
      return caretEscape(msvcrtQuote(arg));
  }
}

/** A whole command line: argv[0] is the program. For pwsh the line starts with `& ` when argv[0] needs quoting. */
export function commandLine(argv: readonly string[], shell: ShellKind): string {
  const [program, ...args] = argv;
  if (program === undefined) throw new UnquotableError('commandLine needs at least the program (argv[0])');
  const rest = args.map((a) => quoteArg(a, shell));
  let head: string;
  if (shell === 'cmd') head = cmdProgram(program);
  else {
    head = quoteArg(program, shell);
    // An unquoted `NAME=value` first word is a variable assignment (POSIX sh 2.9.1; fish 3.1+ too), not a program.
    if (head === program && program.includes('=')) head = shell === 'fish' ? fishQuote(program, true) : posixQuote(program, shell, true);
    // A quoted first word is a string expression to PowerShell; the call operator makes it a command (about_Operators).
    if (shell === 'pwsh' && head !== program) head = `& ${head}`;
  }
  return [head, ...rest].join(' ');
}

/** The shell kind for a shell executable path or name (`/usr/bin/zsh`, `pwsh.exe`, `powershell`, `cmd.exe`, `dash`, `busybox`, `ksh` → sh …); undefined when unknown. */
export function shellKindOf(shellPath: string): ShellKind | undefined {
  // Last path segment (either separator), login-shell `-` prefix and `.exe` dropped, case folded (Windows names).
  const base = (shellPath.trim().split(/[\\/]/).pop() ?? '').replace(/^-/, '').toLowerCase().replace(/\.exe$/, '');
  if (base === 'bash' || base === 'zsh' || base === 'fish' || base === 'cmd') return base;
  if (base === 'pwsh' || base === 'pwsh-preview' || base === 'powershell') return 'pwsh';
  // POSIX shells whose single quotes behave as sh's: dash, busybox ash, the Korn shells, yash, posh.
  if (/^(sh|dash|ash|busybox|ksh|ksh93|mksh|lksh|pdksh|yash|posh)$/.test(base)) return 'sh';
  return undefined;
}

function checkArg(arg: string, shell: ShellKind): void {
  // No shell can put NUL into an argument: argv strings are C strings (execve) and Windows command lines too.
  if (arg.includes('\0')) throw new UnquotableError(`cannot pass an argument containing NUL (\\0) through ${shell}: ${JSON.stringify(arg)}`);
  // cmd.exe ends a command at a line feed (and turns CR into nothing) whatever the quoting or carets, so a
  // multi-line argument would be cut and the rest run as a new command.
  if (shell === 'cmd' && /[\r\n]/.test(arg)) {
    throw new UnquotableError(`cannot pass an argument containing a newline or carriage return through cmd.exe exactly: ${JSON.stringify(arg)}`);
  }
}

// Characters no supported shell treats specially inside a word (the set Python's shlex.quote leaves bare).
const POSIX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

function posixQuote(arg: string, shell: ShellKind, force = false): string {
  // zsh's EQUALS option (on by default) expands a leading `=word` to the path of command `word`.
  if (!force && POSIX_SAFE.test(arg) && !(shell === 'zsh' && arg.startsWith('='))) return arg;
  // POSIX sh 2.2.2: single quotes preserve every character literally, and no `'` can occur inside them; so
  // end the quote, add an escaped `'`, reopen. Also safe under zsh's RC_QUOTES (no `''` ever falls inside).
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function fishQuote(arg: string, force = false): string {
  // fish 3.x expands a leading `%self` to its PID, so a word starting with `%` is quoted.
  if (!force && POSIX_SAFE.test(arg) && !arg.startsWith('%')) return arg;
  // fish docs, "Quotes": inside single quotes only `\\` and `\'` are escapes, so those two are escaped.
  return `'${arg.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

// Bare words PowerShell reads as plain strings in argument and command mode: no leading `-` (parameters,
// the `--%` stop-parsing token), digit or `.` (numbers such as `1kb`, `.5`), and no `,` (array operator), `@`
// (splatting), `$`, quotes, braces, `;`, `&`, `|` or `#`.
const PWSH_SAFE = /^[A-Za-z_/\\][A-Za-z0-9_./:\\-]*$/;

function pwshQuote(arg: string): string {
  if (PWSH_SAFE.test(arg)) return arg;
  // about_Quoting_Rules: a single-quoted string is verbatim (no `$`, no backtick escapes); a quote inside is
  // written twice. PowerShell's tokenizer also takes U+2018–U+201B as single quotes, so those are doubled too
  // (doubling any of them yields that character). How PowerShell then hands the string to a native program
  // on Windows is its own business ($PSNativeCommandArgumentPassing: exact in 7.3+ Standard/Windows mode;
  // Legacy mode drops empty strings and does not escape embedded `"`).
  return `'${arg.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * Microsoft "Parsing C command-line arguments" (the MS C runtime and CommandLineToArgvW): arguments split at
 * unquoted space/tab; `"` toggles quoting; 2n backslashes before `"` give n and the `"` still quotes, 2n+1
 * give n and a literal `"`; other backslashes are literal. So inside quotes: backslashes before a `"` or the
 * closing quote are doubled and `"` becomes `\"`. An argument with `%` is quoted too, so every `%` is
 * followed by a character that caretEscape escapes (see there).
 */
function msvcrtQuote(arg: string): string {
  if (arg !== '' && !/[ \t\v\f"%]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    out += ch === '"' ? `${'\\'.repeat(2 * slashes + 1)}"` : '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return `${out}${'\\'.repeat(2 * slashes)}"`;
}

const CMD_META = /[()%!^"<>&|]/;

/**
 * cmd.exe caret escaping: outside a quoted region `^x` is a literal `x` (phase 2 of cmd's parser), and since
 * every `"` is escaped too, cmd never enters a quoted region, so every caret applies and all are removed
 * before the program gets its command line. `%` cannot be escaped from percent expansion (phase 1, before
 * carets), so the text between two `%` is made a name nothing defines: every `%` is preceded by `^` (the
 * name ends with `^`) and followed by an escaped character (the name starts with `^`, so `%PATH:~0,3%`,
 * whose name ends at `:`, cannot expand either). `%VAR%` becomes `^%^VAR^%`. `!` is escaped for when
 * delayed expansion is off (the default); under `cmd /V:ON` a `!VAR!` could still expand.
 */
function caretEscape(quoted: string, alsoEscape?: RegExp): string {
  let out = '';
  let afterPercent = false;
  for (const ch of quoted) {
    if (afterPercent || CMD_META.test(ch) || alsoEscape?.test(ch)) out += '^';
    out += ch;
    afterPercent = ch === '%';
  }
  return out;
}

/**
 * The program for cmd.exe. The C runtime reads argv[0] up to the first space or tab outside quotes, without
 * backslash escapes, and Windows paths cannot hold `"`; so quote it plainly. cmd finds the program as its
 * first token, which also ends at `,`, `;`, `=` and a few control characters: escape those with carets too
 * (as cross-spawn does), since the quotes around it are escaped and do not protect it from cmd.
 */
function cmdProgram(program: string): string {
  checkArg(program, 'cmd');
  if (program.includes('"')) throw new UnquotableError(`a program path for cmd.exe cannot contain a double quote: ${JSON.stringify(program)}`);
  const quoted = program === '' || /[ \t\v\f%]/.test(program) ? `"${program}"` : program;
  return caretEscape(quoted, /[ \t,;=\v\f\u00ff]/);
}

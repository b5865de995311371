/**
 * The shell quoter: real bash, dash, zsh, fish and busybox sh run each quoted line and a printer reports the
 * argv it got; PowerShell and cmd.exe (not installable here) are checked by reference parsers of their documented rules.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { commandLine, quoteArg, shellKindOf, UnquotableError, type ShellKind } from '../../../src/core/launch/shellQuote';

const hostile = [
  '$(touch PWNED)', '`touch PWNED`', '`id`', "'", '"', `'"'"'`, "lbfgs'; touch PWNED #", 'a\nb', 'a\rb', ';', '&&', '|',
  '*', '?', '[a]', '~', '~root', '%PATH%', '%A%', '%CD%', '%PATH:a=b%', '%PATH:~0,3%', '50%', '%%', '!', '!!', '!PATH!', '$HOME', '${HOME}',
  '\\', "\\\\'", 'a\\', 'a\\\\', '\\"', 'a"b\\"c', 'C:\\Program Files\\x\\', '實驗 🚀 é', '‘x’', '’', '‛‚', '“x”', 'a\tb', '',
  '-rf', '--%', '{a,b}', '#comment', '=ls', '%self', 'a=b', ' lead', 'trail ', '^', 'a^', '(x)', '<in', '>out', '2>&1',
  '@splat', 'a,b', '1kb', '.5', 'plain-word_1.txt',
];
const withoutNewlines = hostile.filter((h) => !/[\r\n]/.test(h));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shellquote-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const printer = path.join(tmp, 'print-argv.js');
fs.writeFileSync(printer, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
// Programs that need quoting themselves: a directory with quotes and `$`, and `k=v/node` (an assignment if bare).
const oddDir = path.join(tmp, "odd dir 'q' $x");
fs.mkdirSync(oddDir);
fs.symlinkSync(process.execPath, path.join(oddDir, 'node'));
fs.mkdirSync(path.join(tmp, 'k=v'));
fs.symlinkSync(process.execPath, path.join(tmp, 'k=v', 'node'));
const programs = [process.execPath, path.join(oddDir, 'node'), 'k=v/node'];

function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

const realShells: { name: string; kind: ShellKind; bin: string; args: string[] }[] = [
  { name: 'bash', kind: 'bash', bin: 'bash', args: ['-c'] },
  { name: 'dash', kind: 'sh', bin: 'dash', args: ['-c'] },
  { name: 'zsh', kind: 'zsh', bin: 'zsh', args: ['-c'] },
  { name: 'zsh with RC_QUOTES', kind: 'zsh', bin: 'zsh', args: ['-o', 'rcquotes', '-c'] },
  { name: 'fish', kind: 'fish', bin: 'fish', args: ['-c'] },
  { name: 'busybox sh', kind: 'sh', bin: 'busybox', args: ['sh', '-c'] },
];

void describe('commandLine in real shells: the program gets exactly the hostile argv', () => {
  for (const sh of realShells) {
    const skip = onPath(sh.bin) ? false : `SKIPPED: no ${sh.bin} on PATH (apt-get install ${sh.bin})`;
    void it(`${sh.name} -c`, { skip }, () => {
      for (const program of programs) {
        const line = commandLine([program, printer, ...hostile], sh.kind);
        const r = spawnSync(sh.bin, [...sh.args, line], { cwd: tmp, encoding: 'utf8' });
        assert.equal(r.status, 0, `${sh.name} exited ${r.status}: ${r.stderr}\nline: ${line}`);
        assert.deepEqual(JSON.parse(r.stdout), hostile, `line: ${line}`);
      }
      assert.ok(!fs.existsSync(path.join(tmp, 'PWNED')), 'an injected command ran');
    });
  }
});

// PowerShell, after about_Quoting_Rules: tokens are single-quoted strings (any of ' U+2018..U+201B opens and closes;
// two quote characters in a row stand for the second) or bare words of plain characters, separated by spaces.
// A quoted first token is a string expression; only the call operator `& ` makes it a command.
const PWSH_QUOTES = /['\u2018-\u201b]/;
function parsePwsh(line: string): string[] {
  const call = line.startsWith('& ');
  let i = call ? 2 : 0;
  const argv: string[] = [];
  while (i < line.length) {
    let word = '';
    if (PWSH_QUOTES.test(line[i]!)) {
      for (i++; ; i++) {
        if (i >= line.length) throw new Error(`unterminated quote in ${line}`);
        if (!PWSH_QUOTES.test(line[i]!)) word += line[i];
        else if (i + 1 < line.length && PWSH_QUOTES.test(line[i + 1]!)) word += line[++i];
        else break;
      }
      i++;
      if (argv.length === 0 && !call) throw new Error(`quoted program without &: ${line}`);
    } else {
      const bare = /^[A-Za-z_/\\][A-Za-z0-9_./:\\-]*/.exec(line.slice(i));
      if (!bare) throw new Error(`not a plain bare word at ${i}: ${line}`);
      if (argv.length === 0 && call) throw new Error(`& before a bare program: ${line}`);
      word = bare[0];
      i += word.length;
    }
    argv.push(word);
    if (i < line.length && line[i++] !== ' ') throw new Error(`no space after a token at ${i - 1}: ${line}`);
  }
  return argv;
}

void describe('commandLine for PowerShell (documented rules)', () => {
  void it('round-trips every hostile value, with `& ` exactly when the program is quoted', () => {
    for (const program of ['/usr/bin/node', 'C:\\Program Files\\nodejs\\node.exe', "C:\\it's\\node.exe", '.\\node.exe']) {
      const line = commandLine([program, 'train.py', ...hostile], 'pwsh');
      assert.deepEqual(parsePwsh(line), [program, 'train.py', ...hostile], line);
    }
    for (const h of hostile) assert.deepEqual(parsePwsh(commandLine(['node', h], 'pwsh')), ['node', h]);
  });

  void it('runs in a real pwsh when there is one', () => {
    if (!onPath('pwsh')) return console.log('SKIPPED the real-pwsh part: no pwsh on PATH (documented-rules check only)');
    const line = commandLine([process.execPath, printer, ...hostile], 'pwsh');
    const r = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', line], { cwd: tmp, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), hostile);
    assert.ok(!fs.existsSync(path.join(tmp, 'PWNED')));
  });
});

// cmd.exe, after the phases of its line parser (command-line context, delayed expansion off):
// phase 1 expands `%NAME%` and `%NAME:a=b%` / `%NAME:~n,m%` only when NAME is defined, otherwise keeps the text and
// rescans from the closing `%`; the name ends at `%` or `:`. Variable names are case-insensitive.
function percentPhase(line: string, env: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '%') {
      out += line[i++];
      continue;
    }
    const end = line.slice(i + 1).search(/[%:]/);
    if (end < 0) return out + line.slice(i);
    const j = i + 1 + end;
    const name = line.slice(i + 1, j);
    const value = name === '' ? undefined : env[name.toUpperCase()];
    const close = line.indexOf('%', j + 1);
    const spec = line[j] === ':' && close > 0 ? line.slice(j + 1, close) : undefined;
    // Lenient like C's atoi: a defined name with any `:~` spec counts as expanded.
    const sub = spec === undefined ? null : /^~(-?\d*)(?:,(-?\d*))?/.exec(spec);
    if (value !== undefined && line[j] === '%') {
      out += value;
      i = j + 1;
    } else if (value !== undefined && sub) {
      const from = Number(sub[1]) < 0 ? Math.max(0, value.length + Number(sub[1])) : Number(sub[1]);
      const length = sub[2] ? Number(sub[2]) : undefined;
      out += value.slice(from, length === undefined ? undefined : length < 0 ? length : from + length);
      i = close + 1;
    } else if (value !== undefined && spec?.includes('=')) {
      const [from = '', to = ''] = spec.split(/=(.*)/s);
      out += from === '' ? value : value.split(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')).join(to);
      i = close + 1;
    } else {
      out += `%${name}`;
      i = j;
    }
  }
  return out;
}

// Phase 2: outside quotes `^x` is a literal x and `"` starts a quoted region (carets literal inside, until the
// next `"`); unescaped `& | < > ( )` would be operators, a final caret continues the line. The program is the first
// token up to an unquoted, unescaped delimiter (space, tab, `,`, `;`, `=`), found with its quotes removed.
function caretPhase(line: string): { text: string; program: string } {
  let text = '';
  let quoted = false;
  let programEnd = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) quoted = c !== '"';
    else if (c === '^') {
      if (i + 1 >= line.length) throw new Error(`trailing caret: ${line}`);
      text += line[++i];
      continue;
    } else if (c === '"') quoted = true;
    else if ('&|<>()\n'.includes(c)) throw new Error(`unescaped ${JSON.stringify(c)} at ${i}: ${line}`);
    else if (programEnd < 0 && ' \t,;='.includes(c)) programEnd = text.length;
    text += c;
  }
  return { text, program: text.slice(0, programEnd < 0 ? undefined : programEnd).replace(/"/g, '') };
}

// Microsoft "Parsing C command-line arguments": argv[0] runs to unquoted whitespace, `"` toggling and dropped; then
// arguments split at unquoted space/tab; 2n(+1) backslashes before `"` give n (and a literal `"`); `""` inside quotes is `"`.
function commandLineToArgv(s: string): string[] {
  let i = 0;
  let arg = '';
  for (let q = false; i < s.length && (q || (s[i] !== ' ' && s[i] !== '\t')); i++) {
    if (s[i] === '"') q = !q;
    else arg += s[i];
  }
  const argv = [arg];
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) return argv;
    arg = '';
    for (let q = false; i < s.length && (q || (s[i] !== ' ' && s[i] !== '\t')); ) {
      if (s[i] === '\\') {
        let n = 0;
        for (; s[i] === '\\'; i++) n++;
        arg += '\\'.repeat(s[i] === '"' ? n >> 1 : n);
        if (s[i] === '"' && n % 2 === 1) arg += s[i++];
      } else if (s[i] === '"' && q && s[i + 1] === '"') {
        arg += '"';
        i += 2;
      } else if (s[i] === '"') {
        q = !q;
        i++;
      } else arg += s[i++];
    }
    argv.push(arg);
  }
}

const cmdEnv: Record<string, string> = { PATH: 'C:\\Windows;C:\\data\\bin', HOME: 'C:\\Users\\a', SELF: 'x', CD: 'C:\\work', A: '&calc', ' X': 'a name with a space' };
function runCmd(line: string): { program: string; argv: string[] } {
  const { text, program } = caretPhase(percentPhase(line, cmdEnv));
  return { program, argv: commandLineToArgv(text) };
}

void describe('commandLine for cmd.exe (documented rules)', () => {
  void it('round-trips every hostile value without a newline, program included', () => {
    for (const program of ['node', 'C:\\Program Files\\nodejs\\node.exe', 'C:\\a,b;c=d (x86) & 100%\\^node!.exe']) {
      const line = commandLine([program, 'train.py', ...withoutNewlines], 'cmd');
      assert.deepEqual(runCmd(line), { program, argv: [program, 'train.py', ...withoutNewlines] }, line);
    }
    for (const h of withoutNewlines) assert.deepEqual(runCmd(commandLine(['node', h], 'cmd')).argv, ['node', h], h);
  });

  void it('keeps %PATH% literal although PATH is defined, and defeats %NAME:a=b% where carets before % alone do not', () => {
    assert.deepEqual(runCmd(commandLine(['node', '%PATH%', '%path:~0,3%', '%PATH:a=b%'], 'cmd')).argv, ['node', '%PATH%', '%path:~0,3%', '%PATH:a=b%']);
    assert.deepEqual(runCmd(commandLine(['node', '50%', 'X:~0%'], 'cmd')).argv, ['node', '50%', 'X:~0%'], 'a `%` ending an argument');
    assert.notEqual(runCmd('node ^%PATH:a=b^%').argv[1], '%PATH:a=b%', 'the reference parser expands the name before `:`');
    assert.notEqual(runCmd('node 50^% X:~0^%').argv[2], 'X:~0%', 'the name after a bare trailing `%` starts with the space');
    assert.equal(runCmd('node %PATH%').argv[1], cmdEnv.PATH, 'the reference parser expands a defined name');
  });

  void it('refuses a newline or carriage return, naming the problem', () => {
    for (const h of hostile.filter((x) => /[\r\n]/.test(x))) {
      assert.throws(() => quoteArg(h, 'cmd'), (e: unknown) => e instanceof UnquotableError && /newline or carriage return through cmd\.exe/.test(e.message));
      assert.throws(() => commandLine(['node', 'ok', h], 'cmd'), UnquotableError);
    }
    assert.throws(() => commandLine(['C:\\a"b\\node.exe'], 'cmd'), UnquotableError);
  });
});

void describe('quoteArg: exact forms', () => {
  void it('POSIX shells and fish', () => {
    assert.equal(quoteArg("it's", 'bash'), "'it'\\''s'");
    assert.equal(quoteArg('', 'sh'), "''");
    assert.equal(quoteArg('lr=0.01,max_iter=5/x@y%z+-_:', 'bash'), 'lr=0.01,max_iter=5/x@y%z+-_:');
    assert.equal(quoteArg('$HOME', 'zsh'), "'$HOME'");
    assert.equal(quoteArg('=ls', 'bash'), '=ls');
    assert.equal(quoteArg('=ls', 'zsh'), "'=ls'");
    assert.equal(quoteArg("it's a \\", 'fish'), "'it\\'s a \\\\'");
    assert.equal(quoteArg('%self', 'fish'), "'%self'");
    assert.equal(commandLine(['k=v/node', 'a=b'], 'bash'), "'k=v/node' a=b");
  });

  void it('PowerShell', () => {
    assert.equal(quoteArg("it's", 'pwsh'), "'it''s'");
    assert.equal(quoteArg('‘x’', 'pwsh'), "'‘‘x’’'");
    assert.equal(quoteArg('', 'pwsh'), "''");
    assert.equal(quoteArg('-rf', 'pwsh'), "'-rf'");
    assert.equal(commandLine(['C:\\Program Files\\nodejs\\node.exe', 'train.py'], 'pwsh'), "& 'C:\\Program Files\\nodejs\\node.exe' train.py");
    assert.equal(commandLine(['C:\\nodejs\\node.exe', '$env:PATH'], 'pwsh'), "C:\\nodejs\\node.exe '$env:PATH'");
  });

  void it('cmd.exe', () => {
    assert.equal(quoteArg('a "b"', 'cmd'), '^"a \\^"b\\^"^"');
    assert.equal(quoteArg('%VAR%', 'cmd'), '^"^%^VAR^%^"');
    assert.equal(quoteArg('C:\\dir with space\\', 'cmd'), '^"C:\\dir with space\\\\^"');
    assert.equal(quoteArg('a&b|c', 'cmd'), 'a^&b^|c');
    assert.equal(quoteArg('', 'cmd'), '^"^"');
    assert.equal(commandLine(['C:\\Program Files\\node.exe', 'x'], 'cmd'), '^"C:\\Program^ Files\\node.exe^" x');
  });

  void it('refuses NUL for every shell', () => {
    for (const kind of ['bash', 'zsh', 'sh', 'fish', 'pwsh', 'cmd'] as const) {
      assert.throws(() => quoteArg('a\0b', kind), (e: unknown) => e instanceof UnquotableError && /NUL/.test(e.message), kind);
      assert.throws(() => commandLine(['a\0b'], kind), UnquotableError, kind);
    }
  });
});

void describe('shellKindOf', () => {
  void it('names the shell of an executable path or name', () => {
    const cases: [string, ShellKind | undefined][] = [
      ['/usr/bin/zsh', 'zsh'], ['/bin/bash', 'bash'], ['C:\\Program Files\\Git\\bin\\bash.exe', 'bash'], ['-bash', 'bash'],
      ['pwsh.exe', 'pwsh'], ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'pwsh'], ['powershell', 'pwsh'],
      ['C:\\Windows\\System32\\CMD.EXE', 'cmd'], ['cmd', 'cmd'], ['/usr/bin/fish', 'fish'], ['dash', 'sh'], ['/bin/sh', 'sh'],
      ['busybox', 'sh'], ['/usr/bin/ksh', 'sh'], ['mksh', 'sh'], ['/usr/bin/tcsh', undefined], ['nu', undefined],
      ['C:\\Windows\\System32\\wsl.exe', undefined], ['', undefined],
    ];
    for (const [p, kind] of cases) assert.equal(shellKindOf(p), kind, p);
  });
});

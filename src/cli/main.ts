/**
 * `mlflow-lens` (dist/cliMain.js, started by dist/cli.js from bin.ts): scripting and checking over the same core as the extension.
 * Commands live one per file in ./commands and are listed in `commands` below.
 * Exit codes: 0 success, 1 usage error or unexpected failure, 2 the store cannot be read or refused a write.
 */
import { StoreError } from '../core/store/storeErrors';
import { formatOptions, parseArgs, UsageError } from './args';
import type { CliIo, Command } from './context';
import { experimentsCommand } from './commands/experiments';
import { historyCommand } from './commands/history';
import { runsCommand } from './commands/runs';
import { lintCommand, runLint } from './commands/lint';
import { runActionCommands } from './commands/runActions';
import { blockingStdout } from './stdoutWriter';

/** The dispatch table: add a command by importing it and listing it here. */
export const commands: readonly Command[] = [experimentsCommand, runsCommand, historyCommand, lintCommand, ...runActionCommands];

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'mlflow-lens: read MLflow tracking stores and print what MLflow\'s REST API would.',
    '',
    'Usage: mlflow-lens <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `mlflow-lens <command> --help` for its options.',
    'Exit codes: 0 ok, 1 usage error, 2 the store cannot be read or refused a write (nothing changed).',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: mlflow-lens ${c.name} ${c.usage}`, '', c.summary, '', 'Options:', formatOptions(c.options), ...(c.details ? ['', c.details] : []), ''].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(mainHelp());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version') {
    io.stdout('mlflow-lens 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`mlflow-lens: unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')})\n`);
    return 1;
  }
  try {
    const args = parseArgs(rest, command.options);
    if (args.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    // lint is the one command that takes PATH… arguments.
    if (command === lintCommand) return await runLint(args.positionals, args.options, io);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    return await command.run(args.options, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`mlflow-lens ${command.name}: ${e.message} (see --help)\n`);
      return 1;
    }
    if (e instanceof StoreError) {
      const where = e.location && !e.message.includes(e.location) ? ` (${e.location})` : '';
      io.stderr(`mlflow-lens: ${oneLine(e.message)}${where}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`mlflow-lens: unexpected error: ${oneLine(message)}\n`);
    if (io.env.MLFLOW_LENS_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return 1;
  }
}

/** Runs the command line of this process (called by bin.ts, the `dist/cli.js` users run). */
export function main(): void {
  const io: CliIo = {
    stdout: blockingStdout(),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mlflow-lens: unexpected error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = 1;
    },
  );
}

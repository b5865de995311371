/**
 * A tiny command-line parser: `--name value`, `--name=value`, boolean `--flag`, `--no-flag`,
 * `-h`/`--help`. Unknown options and missing values are usage errors.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in `--help`. */
  description: string;
  /** Placeholder for the value in `--help` (`URI`, `ID,…`). */
  value?: string;
  /** A string option that may be given several times; read its values with `listOption`. */
  repeatable?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs[name];
    if (!spec && name.startsWith('no-') && specs[name.slice(3)]?.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      name = name.slice(3);
      options[name] = false;
      continue;
    }
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`option --${name} needs a value`);
      i++;
    }
    const previous = options[name];
    // Repeated values are joined by NUL, which no command-line argument can contain.
    options[name] = spec.repeatable && typeof previous === 'string' ? `${previous}\0${value}` : value;
  }
  return { options, positionals, help };
}

/** The values of a `repeatable` option, in command-line order. */
export function listOption(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split('\0') : [];
}

/** `--help` lines for a set of options. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ''}`, s.description] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`).join('\n');
}

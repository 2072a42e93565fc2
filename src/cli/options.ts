/**
 * Option shapes shared by commands, checked by the parser: a bad value is a usage error that
 * stops the run before any file is read or written and before any network call.
 */
import type { Options } from 'yargs';
import { ErrorCodes, RollcallError } from '../errors.js';
import { LOG_FORMATS, type LogFormat, type LogOptions } from './log-sink.js';
import { checkDate } from './today.js';

export interface GlobalArgs {
  quiet: boolean;
  verbose: boolean;
  'log-format': LogFormat;
  debug: boolean;
}

/** Options every command takes: how much it says on stderr, and in which form. */
export const GLOBAL_OPTIONS = {
  quiet: { type: 'boolean', default: false, describe: 'Only warnings and errors on stderr (source errors included)' },
  verbose: { type: 'boolean', default: false, describe: 'Also progress details: each change as it settles, every retry' },
  'log-format': {
    choices: LOG_FORMATS,
    default: 'text',
    describe: 'stderr lines as text (timestamped when stderr is not a terminal) or json (one object per line: time, level, code, message, data)',
  },
  debug: { type: 'boolean', default: false, describe: 'Print stack traces with errors' },
} as const satisfies Record<string, Options>;

/** Options that may be given more than once. */
const REPEATABLE = new Set(['only', 'exclude']);
/** Positional arguments, named without dashes in messages. */
const POSITIONALS = new Set(['plan', 'before', 'after']);

export function logOptions(args: GlobalArgs): LogOptions {
  return { format: args['log-format'], quiet: args.quiet, verbose: args.verbose };
}

/** A required or optional path: a value must follow the flag. */
export function pathOption(describe: string, demand = false): Options {
  return { type: 'string', requiresArg: true, describe, ...(demand ? { demandOption: true } : {}) };
}

/** A date for the rules, YYYY-MM-DD, checked as it is parsed; absent means the local date, filled in by the command. */
export function dateOption(describe: string): Options {
  return { type: 'string', requiresArg: true, describe, coerce: (value: unknown) => (typeof value === 'string' ? checkDate('--today', value) : value) };
}

/** A whole number in [min, max]: `--port abc` or `--latency -5` is refused by the parser, not discovered later. */
export function integerOption(flag: string, describe: string, range: { min: number; max?: number; default?: number }): Options {
  return {
    type: 'number',
    requiresArg: true,
    describe,
    ...(range.default !== undefined ? { default: range.default } : {}),
    coerce: (value: unknown) => {
      if (Array.isArray(value)) return value;
      const n = value as number;
      if (!Number.isInteger(n) || n < range.min || (range.max !== undefined && n > range.max)) {
        const bounds = range.max !== undefined ? `from ${range.min} to ${range.max}` : `of at least ${range.min}`;
        throw new RollcallError(ErrorCodes.USAGE, `--${flag} must be a whole number ${bounds}`);
      }
      return n;
    },
  };
}

/**
 * What the parser cannot say per option: a single-valued option given twice (which would
 * otherwise become a list no command expects), or given with an empty value (`--config=`).
 * Returns the problem, or null.
 */
export function checkValues(argv: Record<string, unknown>): string | null {
  // Not yargs' conflicts(): it counts a boolean's default as given.
  if (argv.quiet === true && argv.verbose === true) return '--quiet and --verbose cannot be used together';
  for (const [key, value] of Object.entries(argv)) {
    // yargs also stores each kebab-case option under its camelCase name; the kebab one is reported.
    if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue;
    const flag = POSITIONALS.has(key) ? key : key.length === 1 ? `-${key}` : `--${key}`;
    if (Array.isArray(value) && !REPEATABLE.has(key)) return `${flag} was given more than once`;
    if (value === '' || (Array.isArray(value) && value.includes(''))) return `${flag} needs a value`;
  }
  return null;
}

/**
 * Usage errors in one line each: what is wrong with the command line, in rollcall's words, with
 * the likely spelling of a mistyped flag or command. A typo is named before anything it causes
 * (`plan --confg x` says "unknown option --confg (did you mean --config?)", not that --config
 * is missing).
 */
import { commandName, type RollcallCommand } from './command.js';
import { declaredOptions } from './declared-options.js';

/** A mistake on the command line: the run stops before it reads, writes or calls anything. */
export class UsageError extends Error {}

const BUILT_IN = ['help', 'version', 'h', 'v'];

export function selectedCommand(argv: readonly string[], commands: readonly RollcallCommand<never>[]): RollcallCommand<never> | undefined {
  const byName = new Map(commands.map((c) => [commandName(c), c]));
  return argv.map((word) => byName.get(word)).find((c) => c !== undefined);
}

/** The synopsis of the command the line names, or of rollcall itself. */
export function usageLine(argv: readonly string[], commands: readonly RollcallCommand<never>[]): string {
  const command = selectedCommand(argv, commands);
  return command ? `${command.synopsis}  (all options: rollcall ${commandName(command)} --help)` : 'rollcall <command> [options]  (commands: rollcall --help)';
}

/** The problem to report for a line the parser refused with `message`. */
export function usageProblem(message: string, argv: readonly string[], commands: readonly RollcallCommand<never>[], globals: readonly string[]): string {
  const command = selectedCommand(argv, commands);
  if (command === undefined) {
    const word = firstWord(argv);
    if (word !== undefined && word !== 'completion') {
      return `unknown command ${JSON.stringify(word)}${suggestion(word, commands.map((c) => commandName(c)), '')}`;
    }
  }
  const declared = command ? declaredOptions(command) : [];
  const known = [...globals, ...declared.filter((o) => !o.positional).map((o) => o.name)];
  const unknown = unknownFlags(argv, [...known, ...BUILT_IN]);
  if (unknown.length > 0) {
    return unknown.map((flag) => `unknown option ${flag.length === 1 ? '-' : '--'}${flag}${suggestion(flag, known, '--')}`).join('; ');
  }
  return rephrase(message, command, declared.filter((o) => o.positional).map((o) => o.name));
}

/** Flags (`--name`, `--name=value`, `--no-name`, `-x`) whose name is not in `known` (kebab or camelCase). */
export function unknownFlags(argv: readonly string[], known: readonly string[]): string[] {
  const names = new Set(known.flatMap((k) => [k, camelCase(k)]));
  const unknown: string[] = [];
  for (const token of argv) {
    if (token === '--') break;
    if (!token.startsWith('-') || /^-\d/.test(token)) continue;
    if (token.startsWith('--')) {
      const name = token.slice(2).split('=')[0] as string;
      if (!names.has(name) && !(name.startsWith('no-') && names.has(name.slice(3)))) unknown.push(name);
    } else {
      for (const letter of token.slice(1).split('=')[0] as string) if (!names.has(letter)) unknown.push(letter);
    }
  }
  return [...new Set(unknown)];
}

function rephrase(message: string, command: RollcallCommand<never> | undefined, positionals: readonly string[]): string {
  let m: RegExpExecArray | null;
  if ((m = /^Missing required arguments?: (.*)$/.exec(message))) {
    return `missing ${(m[1] as string).split(', ').map((name) => (positionals.includes(name) ? name.toUpperCase() : `--${name}`)).join(', ')}`;
  }
  if ((m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message))) {
    const wanted = [...(command?.command ?? '').matchAll(/<([^>]+)>/g)].map((p) => (p[1] as string).toUpperCase());
    return `missing ${wanted.slice(Number(m[1])).join(' and ') || 'an argument'}`;
  }
  if ((m = /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(message))) {
    return `--${m[1]} ${m[2]} is not one of ${m[3]}`;
  }
  if ((m = /^Not enough arguments following: (\S+)$/.exec(message))) return `--${m[1]} needs a value`;
  if ((m = /^Unknown arguments?: (.*)$/.exec(message))) return `unexpected argument ${m[1]}`;
  if ((m = /^Arguments (\S+) and (\S+) are mutually exclusive$/.exec(message))) return `--${m[1]} and --${m[2]} cannot be used together`;
  return message.replace(/\s*\n\s*/g, '; ');
}

/** The first word that is not a flag or a flag's value: the command the user meant. */
function firstWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--log-format') i++;
    else if (!token.startsWith('-')) return token;
  }
  return undefined;
}

/** " (did you mean --today?)" for a near miss (at most two edits, or a prefix), or "". */
function suggestion(word: string, candidates: readonly string[], prefix: string): string {
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = name.startsWith(word) || word.startsWith(name) ? 1 : editDistance(word, name);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best ? ` (did you mean ${prefix}${best.name}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

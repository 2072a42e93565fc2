import yargs from 'yargs';
import { ErrorCodes, isRollcallError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import type { RollcallCommand } from './command.js';
import { applyCommand } from './commands/apply.js';
import { approveCommand } from './commands/approve.js';
import { diffCommand } from './commands/diff.js';
import { emulatorCommand } from './commands/emulator.js';
import { explainCommand } from './commands/explain.js';
import { exportSourceCommand } from './commands/export-source.js';
import { planCommand } from './commands/plan.js';
import { showCommand } from './commands/show.js';
import { snapshotCommand } from './commands/snapshot.js';
import { validateCommand } from './commands/validate.js';
import type { CliContext, CommandContext } from './context.js';
import { LogSink, type LogFormat } from './log-sink.js';
import { checkValues, GLOBAL_OPTIONS, logOptions, type GlobalArgs } from './options.js';
import { UsageError, usageLine, usageProblem } from './usage.js';

const DESCRIPTION = 'Plan and apply Google Workspace accounts from PowerSchool.';

const EPILOGUE = [
  'Exit codes: 0 success; 1 error (bad usage or input, a refused or partly failed apply);',
  'with plan --detailed-exitcode: 0 no changes, 2 changes, 3 held by a safety limit (with or without changes).',
].join('\n');

/**
 * Runs one command line and returns the exit code. The parser checks the whole line first
 * (unknown flags and commands, missing or bad values, dates) and a mistake stops everything with
 * one line naming it and the command's usage. This is the only place that catches errors for the
 * user: rollcall's own errors print as one clear message (a stack trace only with --debug or for
 * internal errors), anything else is a bug and prints with its stack.
 */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  const now = context.now ?? (() => new Date());
  // Until the line is parsed, errors are printed in the format the line asks for.
  const ctx: CommandContext = { ...context, log: new LogSink({ format: peekLogFormat(argv), quiet: false, verbose: false }, context.stderr, now) };
  const commands = commandList(ctx);
  const parser = yargs()
    .scriptName('rollcall')
    .usage(`$0 <command> [options]\n\n${DESCRIPTION}`)
    .epilogue(EPILOGUE)
    .options(GLOBAL_OPTIONS)
    .check((args) => {
      const problem = checkValues(args);
      if (problem !== null) throw new UsageError(problem);
      return true;
    }, true)
    .middleware((args) => {
      ctx.log = new LogSink(logOptions(args as unknown as GlobalArgs), ctx.stderr, now);
    })
    .completion('completion', 'Print a shell completion script (bash, zsh): rollcall completion >> ~/.bashrc')
    .demandCommand(1, 'say which command to run')
    .strict()
    .help()
    .alias('h', 'help')
    .version(TOOL_VERSION)
    .alias('v', 'version')
    .wrap(Math.min(110, context.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, err) => {
      // A message means the parser refused the line; without one, `err` came from a command.
      if (message !== null && message !== undefined) throw new UsageError(usageProblem(message, argv, commands, Object.keys(GLOBAL_OPTIONS)));
      throw err;
    });
  for (const command of commands) parser.command(command);

  if (argv.length === 0) {
    ctx.stdout.write(`${await parser.getHelp()}\n`);
    return 1;
  }
  try {
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      // Help, version and completion text: printed here, to the context's stdout.
      if (output) ctx.stdout.write(`${output}\n`);
    });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      const usage = usageLine(argv, commands);
      ctx.log.error(ErrorCodes.USAGE, (err as Error).message, { usage });
      ctx.log.detail(`usage: ${usage}`, true);
      return 1;
    }
    if (isRollcallError(err)) {
      ctx.log.error(err.code, err.message, err.details);
      // A stack helps only with a bug; for input errors and outages the message says what to do.
      if (debug || err.code === ErrorCodes.INTERNAL) ctx.log.detail(err.stack ?? '');
      return 1;
    }
    ctx.log.error(ErrorCodes.INTERNAL, (err as Error)?.message ?? String(err), undefined, 'internal error');
    ctx.log.detail(`${(err as Error)?.stack ?? ''}\nThis is a bug in rollcall; please report it with the command you ran.`);
    return 1;
  }
}

/** Every command, in the order --help lists them. */
export function commandList(ctx: CommandContext): RollcallCommand<never>[] {
  return [
    planCommand(ctx),
    showCommand(ctx),
    applyCommand(ctx),
    approveCommand(ctx),
    explainCommand(ctx),
    diffCommand(ctx),
    validateCommand(ctx),
    snapshotCommand(ctx),
    exportSourceCommand(ctx),
    emulatorCommand(ctx),
  ] as RollcallCommand<never>[];
}

function peekLogFormat(argv: string[]): LogFormat {
  const i = argv.indexOf('--log-format');
  return argv.includes('--log-format=json') || (i >= 0 && argv[i + 1] === 'json') ? 'json' : 'text';
}

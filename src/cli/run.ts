import yargs from 'yargs';
import { ErrorCodes, isRollcallError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { applyCommand } from './commands/apply.js';
import { approveCommand } from './commands/approve.js';
import { diffCommand } from './commands/diff.js';
import { emulatorCommand } from './commands/emulator.js';
import { snapshotCommand } from './commands/snapshot.js';
import { exportSourceCommand } from './commands/export-source.js';
import { planCommand } from './commands/plan.js';
import { showCommand } from './commands/show.js';
import { validateCommand } from './commands/validate.js';
import type { CliContext } from './context.js';

/**
 * Runs one command line and returns the exit code. The only place that catches errors for the
 * user: rollcall's own errors print as one clear message (a stack trace only with --debug or for
 * internal errors), anything else is a bug and prints with its stack.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  let usageError: string | null = null;
  const parser = yargs(argv)
    .scriptName('rollcall')
    .usage('$0 <command> [options]\n\nPlan and apply Google Workspace accounts from PowerSchool.')
    .version(TOOL_VERSION)
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces with errors' })
    .command(planCommand(ctx))
    .command(applyCommand(ctx))
    .command(approveCommand(ctx))
    .command(showCommand(ctx))
    .command(validateCommand(ctx))
    .command(exportSourceCommand(ctx))
    .command(diffCommand(ctx))
    .command(snapshotCommand(ctx))
    .command(emulatorCommand(ctx))
    .demandCommand(1, 'Say which command to run (see --help).')
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });
  try {
    await parser.parseAsync();
    if (usageError !== null) {
      ctx.stderr.write(`rollcall: ${usageError}\nRun rollcall --help for usage.\n`);
      return 1;
    }
    return ctx.exitCode;
  } catch (err) {
    if (isRollcallError(err)) {
      ctx.stderr.write(`rollcall: error [${err.code}]: ${err.message}\n`);
      // A stack helps only with a bug; for input errors and outages the message says what to do.
      if (debug || err.code === ErrorCodes.INTERNAL) ctx.stderr.write(`${err.stack ?? ''}\n`);
      return 1;
    }
    ctx.stderr.write(`rollcall: internal error [${ErrorCodes.INTERNAL}]: ${(err as Error)?.message ?? String(err)}\n`);
    ctx.stderr.write(`${(err as Error)?.stack ?? ''}\nThis is a bug in rollcall; please report it with the command you ran.\n`);
    return 1;
  }
}

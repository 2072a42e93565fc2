import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './options.js';

/** A yargs command with the one-line synopsis a usage error prints under the problem. */
export interface RollcallCommand<A = unknown> extends CommandModule<object, A & GlobalArgs> {
  command: string;
  /** e.g. `rollcall apply PLAN --config FILE [options]`. */
  synopsis: string;
}

/** The word that selects the command: `apply` of `apply <plan>`. */
export function commandName(command: Pick<RollcallCommand, 'command'>): string {
  return command.command.split(' ')[0] as string;
}

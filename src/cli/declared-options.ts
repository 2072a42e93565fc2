import type { Options, PositionalOptions } from 'yargs';
import type { RollcallCommand } from './command.js';

export interface DeclaredOption {
  name: string;
  positional: boolean;
  spec: Options | PositionalOptions;
}

/**
 * The options and positionals a command declares, read by running its builder on a recorder
 * instead of yargs: usage errors name a mistyped flag (and its likely spelling) before any
 * other complaint, and a test holds every option to having a description.
 */
export function declaredOptions(command: RollcallCommand<never>): DeclaredOption[] {
  const declared: DeclaredOption[] = [];
  const recorder: unknown = new Proxy(
    {},
    {
      get: (_target, method) => (...args: unknown[]) => {
        if (method === 'option' || method === 'positional') {
          declared.push({ name: args[0] as string, positional: method === 'positional', spec: args[1] as Options });
        } else if (method === 'options') {
          for (const [name, spec] of Object.entries(args[0] as Record<string, Options>)) declared.push({ name, positional: false, spec });
        }
        return recorder;
      },
    },
  );
  if (typeof command.builder === 'function') (command.builder as (y: unknown) => unknown)(recorder);
  return declared;
}

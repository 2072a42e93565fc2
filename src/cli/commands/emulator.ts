import type { CommandModule } from 'yargs';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { startEmulator } from '../../targets/google/emulator/server.js';
import { readSnapshotFile } from '../../targets/google/snapshot-file.js';
import type { CliContext } from '../context.js';

interface Args {
  port: number;
  seed?: string;
  latency: number;
  'rate-limit'?: number;
  'rate-limit-status': 403 | 429;
}

/**
 * A rehearsal: serve tonight's snapshot as a Directory API on loopback, apply the plan to it,
 * plan again and see no changes, all before touching Google.
 */
export function emulatorCommand(ctx: CliContext): CommandModule<object, Args> {
  return {
    command: 'emulator',
    describe: 'Serve a Directory API emulator on 127.0.0.1, seeded from a snapshot (for rehearsals and tests)',
    builder: (y) =>
      y
        .option('port', { type: 'number', default: 8085 })
        .option('seed', { type: 'string', describe: 'Snapshot file to load (rollcall snapshot writes one)' })
        .option('latency', { type: 'number', default: 0, describe: 'Milliseconds added to every request' })
        .option('rate-limit', { type: 'number', describe: 'Requests per minute before answering rate-limit errors' })
        .option('rate-limit-status', { choices: [403, 429] as const, default: 429 as const }) as never,
    handler: async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
        throw new RollcallError(ErrorCodes.USAGE, `--port ${args.port} is not a port number`);
      }
      const seed = args.seed !== undefined ? await readSnapshotFile(args.seed) : undefined;
      const emu = await startEmulator({
        port: args.port,
        ...(seed ? { seed } : {}),
        latencyMs: args.latency,
        ...(args['rate-limit'] !== undefined ? { rateLimit: { perMinute: args['rate-limit'], status: args['rate-limit-status'] } } : {}),
      });
      ctx.stderr.write(`rollcall: emulator listening on ${emu.url} (${seed ? `${seed.users.length} accounts from ${args.seed}` : 'empty'})\n`);
      ctx.stderr.write(`rollcall: point rollcall at it with ROLLCALL_GOOGLE_ROOT_URL=${emu.url}; stop it with Ctrl-C\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const stats = emu.stats();
      await emu.close();
      ctx.stderr.write(`rollcall: emulator stopped after ${stats.requests} requests (${stats.mutations} changes)\n`);
    },
  };
}

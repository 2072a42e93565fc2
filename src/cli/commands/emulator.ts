import { startEmulator } from '../../targets/google/emulator/server.js';
import { readSnapshotFile } from '../../targets/google/snapshot-file.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption, pathOption } from '../options.js';

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
export function emulatorCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'emulator',
    synopsis: 'rollcall emulator [--port N] [--seed SNAPSHOT] [--latency MS] [--rate-limit PER_MINUTE] [options]',
    describe: 'Serve a Directory API emulator on 127.0.0.1, seeded from a snapshot (for rehearsals and tests)',
    builder: (y) =>
      y
        .option('port', integerOption('port', 'Port to listen on, on 127.0.0.1 (0: any free port)', { min: 0, max: 65535, default: 8085 }))
        .option('seed', pathOption('Snapshot file to load (rollcall snapshot writes one)'))
        .option('latency', integerOption('latency', 'Milliseconds added to every request', { min: 0, default: 0 }))
        .option('rate-limit', integerOption('rate-limit', 'Requests per minute before answering rate-limit errors', { min: 1 }))
        .option('rate-limit-status', { choices: [403, 429] as const, default: 429 as const, describe: 'The status of a rate-limit answer: 429, or 403 as Google\'s per-user limit answers' }) as never,
    handler: async (args) => {
      const seed = args.seed !== undefined ? await readSnapshotFile(args.seed) : undefined;
      const emu = await startEmulator({
        port: args.port,
        ...(seed ? { seed } : {}),
        latencyMs: args.latency,
        ...(args['rate-limit'] !== undefined ? { rateLimit: { perMinute: args['rate-limit'], status: args['rate-limit-status'] } } : {}),
      });
      ctx.log.emit({ level: 'info', code: 'EMULATOR_LISTENING', message: `emulator listening on ${emu.url} (${seed ? `${seed.users.length} accounts from ${args.seed}` : 'empty'}); point rollcall at it with ROLLCALL_GOOGLE_ROOT_URL=${emu.url}; stop it with Ctrl-C`, data: { url: emu.url } });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const stats = emu.stats();
      await emu.close();
      ctx.log.emit({ level: 'info', code: 'EMULATOR_STOPPED', message: `emulator stopped after ${stats.requests} requests (${stats.mutations} changes)`, data: { requests: stats.requests, mutations: stats.mutations } });
    },
  };
}

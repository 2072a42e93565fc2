import { ErrorCodes, RollcallError } from '../../errors.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption, pathOption } from '../options.js';

interface Args {
  target: 'google' | 'entra';
  port: number;
  seed?: string;
  latency: number;
  'rate-limit'?: number;
  'rate-limit-status'?: 403 | 429;
}

/** A running emulator, whichever directory it stands in for. */
interface Served {
  url: string;
  accounts: number | null;
  env: string;
  stats(): { requests: number; mutations: number };
  close(): Promise<void>;
}

/**
 * A rehearsal: serve tonight's snapshot as a Directory API (Google) or Microsoft Graph (Entra)
 * on loopback, apply the plan to it, plan again and see no changes, all before touching the
 * real directory.
 */
export function emulatorCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'emulator',
    synopsis: 'rollcall emulator [--target google|entra] [--port N] [--seed SNAPSHOT] [--latency MS] [--rate-limit PER_MINUTE] [options]',
    describe: 'Serve a directory emulator (Google Directory API, or Microsoft Graph for Entra) on 127.0.0.1, seeded from a snapshot (for rehearsals and tests)',
    builder: (y) =>
      y
        .option('target', { choices: ['google', 'entra'] as const, default: 'google' as const, describe: 'Which directory to stand in for: google (Directory API) or entra (Microsoft Graph)' })
        .option('port', integerOption('port', 'Port to listen on, on 127.0.0.1 (0: any free port)', { min: 0, max: 65535, default: 8085 }))
        .option('seed', pathOption('Snapshot file to load (rollcall snapshot writes one, for the same target)'))
        .option('latency', integerOption('latency', 'Milliseconds added to every request', { min: 0, default: 0 }))
        .option('rate-limit', integerOption('rate-limit', 'Requests per minute before answering rate-limit errors', { min: 1 }))
        .option('rate-limit-status', {
          choices: [403, 429] as const,
          describe: "Google only: the status of a rate-limit answer, 429 (default) or 403 as Google's per-user limit answers (Graph always answers 429 with Retry-After)",
        }) as never,
    handler: async (args) => {
      if (args.target === 'entra' && args['rate-limit-status'] !== undefined) {
        throw new RollcallError(ErrorCodes.USAGE, '--rate-limit-status: Microsoft Graph answers rate limits with 429 and Retry-After only (the option is for --target google)');
      }
      const emu = args.target === 'entra' ? await serveEntra(args) : await serveGoogle(args);
      const seeded = emu.accounts === null ? 'empty' : `${emu.accounts} accounts from ${args.seed}`;
      ctx.log.emit({
        level: 'info',
        code: 'EMULATOR_LISTENING',
        message: `${args.target} emulator listening on ${emu.url} (${seeded}); point rollcall at it with ${emu.env}=${emu.url}; stop it with Ctrl-C`,
        data: { url: emu.url, target: args.target },
      });
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

async function serveGoogle(args: Args): Promise<Served> {
  const [{ startEmulator }, { readSnapshotFile }] = await Promise.all([import('../../targets/google/emulator/server.js'), import('../../targets/google/snapshot-file.js')]);
  const seed = args.seed !== undefined ? await readSnapshotFile(args.seed) : undefined;
  const emu = await startEmulator({
    port: args.port,
    ...(seed ? { seed } : {}),
    latencyMs: args.latency,
    ...(args['rate-limit'] !== undefined ? { rateLimit: { perMinute: args['rate-limit'], status: args['rate-limit-status'] ?? 429 } } : {}),
  });
  return { url: emu.url, accounts: seed ? seed.users.length : null, env: 'ROLLCALL_GOOGLE_ROOT_URL', stats: () => emu.stats(), close: () => emu.close() };
}

async function serveEntra(args: Args): Promise<Served> {
  const [{ startEntraEmulator }, { readEntraSnapshotFile }] = await Promise.all([import('../../targets/entra/emulator/server.js'), import('../../targets/entra/snapshot-file.js')]);
  const seed = args.seed !== undefined ? await readEntraSnapshotFile(args.seed) : undefined;
  const emu = await startEntraEmulator({
    port: args.port,
    ...(seed ? { seed } : {}),
    latencyMs: args.latency,
    ...(args['rate-limit'] !== undefined ? { rateLimit: { perMinute: args['rate-limit'] } } : {}),
  });
  return { url: emu.url, accounts: seed ? seed.users.length : null, env: 'ROLLCALL_ENTRA_ROOT_URL', stats: () => emu.stats(), close: () => emu.close() };
}

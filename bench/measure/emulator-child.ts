/**
 * The Directory API emulator (or, for Entra, the Graph emulator) in a process of its own,
 * driven over IPC by the benchmark: the emulator's work (paging, copying accounts, JSON) then
 * runs on the other core, as Google's or Microsoft's would run elsewhere, instead of competing
 * with the reader being measured.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import type { GoogleState } from '../../src/targets/google/directory-types.js';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { startEntraEmulator, type RunningEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import type { EntraState } from '../../src/targets/entra/graph-types.js';
import { readEntraSnapshotFile, writeEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import type { EmulatorRequest, EmulatorReply } from './emulator-protocol.js';

let seed: GoogleState | undefined;
let seedFile: string | undefined;
let emulator: RunningEmulator | undefined;
/** The Graph emulator, when the benchmark measures Entra. */
let graph: { emulator: RunningEntraEmulator; seed: EntraState; file: string } | undefined;

async function handle(request: EmulatorRequest): Promise<EmulatorReply> {
  if (request.type !== 'start' && graph !== undefined && emulator === undefined) return handleGraph(request);
  switch (request.type) {
    case 'start': {
      await emulator?.close();
      emulator = undefined;
      if (request.target === 'entra') return startGraph(request);
      await graph?.emulator.close();
      graph = undefined;
      const started = performance.now();
      if (seedFile !== request.seedFile) {
        seed = undefined; // let the previous district go before the next is read: both may not fit
        seed = await readSnapshotFile(request.seedFile);
        seedFile = request.seedFile;
      }
      const read = performance.now();
      const options: EmulatorOptions = { seed: seed as GoogleState, latencyMs: request.latencyMs };
      if (request.rateLimit) options.rateLimit = request.rateLimit;
      if (request.faults) options.faults = request.faults;
      emulator = await startEmulator(options);
      return { type: 'started', url: emulator.url, users: seed?.users.length ?? 0, readMs: read - started, seedMs: performance.now() - read };
    }
    case 'stats':
      return { type: 'stats', stats: running().stats() };
    case 'reset':
      running().resetStats();
      return { type: 'ok' };
    case 'write-state': {
      const state = running().state();
      await writeSnapshotFile(request.file, state);
      const perAddress = new Map<string, number>();
      for (const u of state.users) perAddress.set(u.primaryEmail.toLowerCase(), (perAddress.get(u.primaryEmail.toLowerCase()) ?? 0) + 1);
      return { type: 'state-written', users: state.users.length, duplicateAddresses: [...perAddress.values()].filter((n) => n > 1).length };
    }
    case 'close':
      await emulator?.close();
      emulator = undefined;
      return { type: 'ok' };
  }
}

async function startGraph(request: Extract<EmulatorRequest, { type: 'start' }>): Promise<EmulatorReply> {
  await graph?.emulator.close();
  const started = performance.now();
  const tenant = graph?.file === request.seedFile ? graph.seed : await readEntraSnapshotFile(request.seedFile);
  const read = performance.now();
  const started2 = await startEntraEmulator({ seed: tenant, latencyMs: request.latencyMs, ...(request.rateLimit ? { rateLimit: { perMinute: request.rateLimit.perMinute } } : {}), ...(request.faults ? { faults: request.faults } : {}) });
  graph = { emulator: started2, seed: tenant, file: request.seedFile };
  return { type: 'started', url: started2.url, users: tenant.users.length, readMs: read - started, seedMs: performance.now() - read };
}

async function handleGraph(request: Exclude<EmulatorRequest, { type: 'start' }>): Promise<EmulatorReply> {
  const running = (graph as NonNullable<typeof graph>).emulator;
  switch (request.type) {
    case 'stats':
      return { type: 'stats', stats: running.stats() };
    case 'reset':
      running.resetStats();
      return { type: 'ok' };
    case 'write-state': {
      const state = running.state();
      await writeEntraSnapshotFile(request.file, state);
      const upns = new Set(state.users.map((u) => u.userPrincipalName.toLowerCase()));
      return { type: 'state-written', users: state.users.length, duplicateAddresses: state.users.length - upns.size };
    }
    case 'close':
      await running.close();
      graph = undefined;
      return { type: 'ok' };
  }
}

function running(): RunningEmulator {
  if (!emulator) throw new Error('emulator not started');
  return emulator;
}

process.on('message', (message: { id: number; request: EmulatorRequest }) => {
  handle(message.request).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (err: unknown) => process.send?.({ id: message.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
process.on('disconnect', () => {
  void Promise.all([emulator?.close(), graph?.emulator.close()]).finally(() => process.exit(0));
});

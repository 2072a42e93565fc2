import type { EmulatorStats, FaultRule } from '../../src/targets/google/emulator/server.js';

/** What the benchmark asks of the emulator process (emulator-child.ts). */
export type EmulatorRequest =
  /** `target`: the Directory API emulator (google, the default) or the Graph emulator (entra). */
  | { type: 'start'; target?: 'google' | 'entra'; seedFile: string; latencyMs: number; rateLimit?: { perMinute: number; status: 403 | 429 }; faults?: FaultRule[] }
  | { type: 'stats' }
  | { type: 'reset' }
  | { type: 'write-state'; file: string }
  | { type: 'close' };

export type EmulatorReply =
  | { type: 'started'; url: string; users: number; readMs: number; seedMs: number }
  | { type: 'stats'; stats: EmulatorStats }
  | { type: 'state-written'; users: number; duplicateAddresses: number }
  | { type: 'ok' };

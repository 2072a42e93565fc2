import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorStats } from '../../src/targets/google/emulator/server.js';
import type { EmulatorReply, EmulatorRequest } from './emulator-protocol.js';

const CHILD = fileURLToPath(new URL('./emulator-child.js', import.meta.url));

/** The parent's side of emulator-child.ts: one request at a time, answered in order. */
export class EmulatorProcess {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: EmulatorReply) => void; reject: (e: Error) => void }>();

  constructor() {
    // A million-account seed needs more than the default heap.
    this.child = fork(CHILD, [], { execArgv: ['--max-old-space-size=8192'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; reply?: EmulatorReply; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(`emulator process: ${m.error}`));
      else w.resolve(m.reply as EmulatorReply);
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`emulator process exited (${code})`));
      this.waiting.clear();
    });
  }

  request<T extends EmulatorReply['type']>(request: EmulatorRequest): Promise<Extract<EmulatorReply, { type: T }>> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: EmulatorReply) => void, reject });
      this.child.send({ id, request });
    });
  }

  async start(request: Omit<Extract<EmulatorRequest, { type: 'start' }>, 'type'>) {
    return this.request<'started'>({ type: 'start', ...request });
  }

  async stats(): Promise<EmulatorStats> {
    return (await this.request<'stats'>({ type: 'stats' })).stats;
  }

  async reset(): Promise<void> {
    await this.request<'ok'>({ type: 'reset' });
  }

  async writeState(file: string) {
    return this.request<'state-written'>({ type: 'write-state', file });
  }

  async close(): Promise<void> {
    await this.request<'ok'>({ type: 'close' }).catch(() => undefined);
    this.child.disconnect();
    await new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
  }
}

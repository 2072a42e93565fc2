/** Plain fetch against the Entra emulator over loopback, as a Graph client would call it. */
import type { EntraState, GraphUser } from '../../src/targets/entra/graph-types.js';
import { emptyEntraState } from '../../src/targets/entra/graph-types.js';
import { graphId } from '../../src/targets/entra/emulator/ids.js';
import { startEntraEmulator, type EntraEmulatorOptions, type RunningEntraEmulator } from '../../src/targets/entra/emulator/server.js';

export interface GraphAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text of a text/plain answer, or undefined for an empty one. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class GraphClient {
  constructor(
    readonly emu: RunningEntraEmulator,
    /** null: no Authorization header at all. */
    private readonly token: string | null = 'test-token',
  ) {}

  /** `path` is relative to `/v1.0/` (`users?$top=5`), or an absolute `@odata.nextLink`. */
  async call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<GraphAnswer> {
    const url = /^https?:/.test(path) ? path : `${this.emu.url}v1.0/${path}`;
    const headers: Record<string, string> = { ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}), ...options.headers };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : type.includes('json') ? JSON.parse(text) : text };
  }

  get(path: string, headers?: Record<string, string>): Promise<GraphAnswer> {
    return this.call('GET', path, headers ? { headers } : {});
  }

  post(path: string, body: unknown): Promise<GraphAnswer> {
    return this.call('POST', path, { body });
  }

  patch(path: string, body: unknown): Promise<GraphAnswer> {
    return this.call('PATCH', path, { body });
  }

  delete(path: string): Promise<GraphAnswer> {
    return this.call('DELETE', path);
  }

  /** Every item of a listing, following @odata.nextLink; also how many pages it took. */
  async all(path: string, headers?: Record<string, string>): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
    const items: Array<Record<string, unknown>> = [];
    let next: string | undefined = path;
    let pages = 0;
    while (next !== undefined) {
      const answer = await this.get(next, headers);
      if (answer.status !== 200) throw new Error(`${next}: ${answer.status} ${JSON.stringify(answer.body)}`);
      items.push(...(answer.body.value as Array<Record<string, unknown>>));
      next = answer.body['@odata.nextLink'] as string | undefined;
      pages++;
    }
    return { items, pages };
  }
}

export async function withEntra<T>(options: EntraEmulatorOptions, body: (graph: GraphClient, emu: RunningEntraEmulator) => Promise<T>): Promise<T> {
  const emu = await startEntraEmulator(options);
  try {
    return await body(new GraphClient(emu), emu);
  } finally {
    await emu.close();
  }
}

/** The id a seed builder gives an object named `name` (stable across tests). */
export const idOf = (name: string): string => graphId(`test:${name.toLowerCase()}`);

/** A seed user: enabled, with the properties a create needs (but no password: seeds never hold one). */
export function user(upn: string, extra: Partial<GraphUser> = {}): GraphUser {
  const local = upn.slice(0, upn.indexOf('@'));
  return { id: idOf(upn), userPrincipalName: upn, accountEnabled: true, displayName: `${local} Test`, mailNickname: local, ...extra };
}

export function seed(partial: Partial<EntraState>): EntraState {
  return { ...emptyEntraState(), ...partial };
}

/** A create body for POST /users. */
export function newUser(upn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const local = upn.slice(0, upn.indexOf('@'));
  return {
    accountEnabled: true,
    displayName: `${local} New`,
    mailNickname: local,
    userPrincipalName: upn,
    passwordProfile: { password: 'Correct-Horse-7', forceChangePasswordNextSignIn: true },
    ...extra,
  };
}

export const ADVANCED = { ConsistencyLevel: 'eventual' };

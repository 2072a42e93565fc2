/**
 * Graph as the Entra target's readers and writer call it: every request through the one request
 * scheduler (pacing/), paged collections followed by their `@odata.nextLink`, and the connection
 * made once (the token source, the client, the scheduler), against Graph or an emulator named by
 * ROLLCALL_ENTRA_ROOT_URL (which wins) or entra.rootUrl.
 */
import type { EntraConfig } from '../../config/types.js';
import type { TargetContext } from '../../model/directory-port.js';
import { pacingEvent } from '../../pacing/pacing-events.js';
import { RequestScheduler, type ScheduleOptions, type Scheduled, type SchedulerStats } from '../../pacing/scheduler.js';
import { emulatorUrl } from '../../util/emulator-url.js';
import { openTokenSource } from './auth.js';
import { GraphClient, type GraphCall } from './graph-client.js';
import { GRAPH_FAILURES } from './graph-failures.js';

/** Microsoft Graph's public root. */
export const GRAPH_ROOT = 'https://graph.microsoft.com/';

/** A Graph collection page as it is answered. */
export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Who Graph is to the scheduler's events. */
const PACED = { name: 'Microsoft Graph', code: 'GRAPH' };

export class GraphApi {
  /** Calls by label, for the reader's summary. */
  readonly byLabel = new Map<string, number>();

  constructor(
    private readonly client: GraphClient,
    readonly scheduler: RequestScheduler,
  ) {}

  /** One request, paced and retried by the scheduler; `label` names it in events and errors (`users.get`). */
  call<T>(label: string, call: GraphCall, options: ScheduleOptions = {}): Promise<Scheduled<T | undefined>> {
    this.byLabel.set(label, (this.byLabel.get(label) ?? 0) + 1);
    return this.scheduler.schedule(label, () => this.client.send<T>(call), options);
  }

  /** Every page of a collection, each handed to `onPage` as it arrives (pages one after the other: each names the next). */
  async pages<T>(label: string, first: string, onPage: (items: T[], readAt: number) => void | Promise<void>): Promise<void> {
    let path: string | undefined = first;
    while (path !== undefined) {
      const { value, sentAt }: Scheduled<GraphPage<T> | undefined> = await this.call<GraphPage<T>>(label, { method: 'GET', path });
      await onPage(value?.value ?? [], sentAt);
      path = value?.['@odata.nextLink'];
    }
  }

  /** Every item of a collection. */
  async all<T>(label: string, first: string): Promise<T[]> {
    const items: T[] = [];
    await this.pages<T>(label, first, (page) => void items.push(...page));
    return items;
  }

  stats(): SchedulerStats & { byLabel: Record<string, number> } {
    return { ...this.scheduler.stats(), byLabel: Object.fromEntries([...this.byLabel].sort(([a], [b]) => (a < b ? -1 : 1))) };
  }
}

export interface ConnectOptions {
  /** A stopping run: no call starts another attempt. */
  stop?: AbortSignal;
  /** Requests in flight are aborted. */
  abort?: AbortSignal;
  /** Get a token now, so credentials Microsoft refuses stop the run once, before anything is changed. */
  verify?: boolean;
}

/** Where Graph is: an emulator's root (ROLLCALL_ENTRA_ROOT_URL, then entra.rootUrl), or null for Microsoft's. */
export function emulatorRoot(entra: Pick<EntraConfig, 'rootUrl'>, env: NodeJS.ProcessEnv): string | null {
  const url = emulatorUrl({ name: 'ROLLCALL_ENTRA_ROOT_URL', value: env.ROLLCALL_ENTRA_ROOT_URL }, { key: 'entra.rootUrl', value: entra.rootUrl });
  return url === null ? null : `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
}

/** The client and its scheduler, paced by the entra section; credential warnings go to the run's events. */
export async function connectGraph(entra: EntraConfig, context: TargetContext, options: ConnectOptions = {}): Promise<GraphApi> {
  const root = emulatorRoot(entra, context.env);
  const { source, warnings } = await openTokenSource(entra.auth, { env: context.env, baseDir: context.baseDir, tenant: entra.tenant, emulator: root !== null });
  for (const w of warnings) context.events.emit({ level: 'warn', code: 'AUTH_WARNING', message: w });
  if (options.verify === true) await source.token();
  const client = new GraphClient(root ?? GRAPH_ROOT, source, options.abort ? { abort: options.abort } : {});
  const scheduler = new RequestScheduler({
    failures: GRAPH_FAILURES,
    requestsPerMinute: entra.requestsPerMinute,
    concurrency: entra.concurrency,
    maxRetries: entra.maxRetries,
    rateLimitWaitMs: entra.rateLimitWaitSeconds * 1000,
    ...(options.stop ? { signal: options.stop } : {}),
    onEvent: (e) => {
      const event = pacingEvent(e, PACED);
      if (event) context.events.emit(event);
    },
  });
  return new GraphApi(client, scheduler);
}

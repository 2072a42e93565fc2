import type { Config } from '../../config/types.js';
import type { EventSink } from '../../model/events.js';
import type { GoogleReader } from '../../engine/make-plan.js';
import type { DirectoryReadApi } from './directory-read-api.js';
import type { DirectoryUser, GoogleState } from './directory-types.js';
import { toRollcallError } from './api-error.js';
import { LiveReader } from './live-reader.js';
import { managedSchemas } from './managed-schemas.js';
import type { RequestScheduler } from './scheduler.js';

/**
 * Google read live, in bulk: org units and every user in a few paged streams, then group
 * memberships for the accounts the plan can act on only. What `plan` without a snapshot and
 * `rollcall snapshot` both use.
 */
export class LiveGoogleReader implements GoogleReader {
  readonly description: string;
  private reader: LiveReader | null = null;

  constructor(
    private readonly options: {
      api: DirectoryReadApi;
      scheduler: RequestScheduler;
      config: Config;
      events: EventSink;
      where: string;
      /** Read every custom schema (for a complete snapshot) instead of only the managed ones. */
      allSchemas?: boolean;
      /** Report progress as info (shown) rather than debug: when a person watches a terminal. */
      showProgress?: boolean;
    },
  ) {
    this.description = `Google Directory API (${options.where})`;
  }

  async read(membershipsFor: (users: readonly DirectoryUser[]) => string[]): Promise<GoogleState> {
    try {
      return await this.readAll(membershipsFor);
    } catch (err) {
      // The API's own error object carries the request (and its Authorization header): never let it out.
      throw toRollcallError(err, 'read');
    }
  }

  private async readAll(membershipsFor: (users: readonly DirectoryUser[]) => string[]): Promise<GoogleState> {
    const { api, scheduler, config, events } = this.options;
    let lastReport = 0;
    const reader = new LiveReader({
      api,
      scheduler,
      customer: config.google.customer,
      customSchemas: this.options.allSchemas ? 'all' : managedSchemas(config),
      onProgress: (p) => {
        // A progress line every 50 pages is enough to show a large read is alive.
        if (p.pages - lastReport < 50 && p.phase !== 'memberships') return;
        lastReport = p.pages;
        const detail = p.phase === 'memberships' ? `${p.accountsDone ?? 0}/${p.accountsTotal ?? 0} accounts` : `${p.users} users`;
        events.emit({ level: this.options.showProgress ? 'info' : 'debug', code: 'GOOGLE_PROGRESS', message: `reading Google: ${p.phase}, ${p.pages} pages, ${detail}`, data: { ...p } });
      },
    });
    this.reader = reader;
    const state = await reader.readState();
    const emails = membershipsFor(state.users);
    const groups = emails.length > 0 ? await reader.readMemberships(emails) : [];
    const stats = reader.stats();
    events.emit({
      level: 'info',
      code: 'GOOGLE_CALLS',
      message: `read Google with ${stats.calls} API calls (${Object.entries(stats.byMethod).map(([m, n]) => `${n} ${m}`).join(', ')}); memberships of ${emails.length} accounts`,
      data: { ...stats },
    });
    return { ...state, groups };
  }

  stats() {
    return this.reader?.stats();
  }
}

import type { LoadedConfig } from '../config/types.js';
import type { EventSink } from '../model/events.js';
import type { GoogleReader } from '../engine/make-plan.js';
import type { LiveGoogleReader } from '../targets/google/live-google-reader.js';
import { managedSchemas } from '../targets/google/managed-schemas.js';
import { SnapshotFileReader } from '../targets/google/snapshot-plan-reader.js';
import type { CliContext } from './context.js';

/** A snapshot file when one is given, otherwise Google (or the emulator google.rootUrl names), read live. */
export function makeGoogleReader(
  config: LoadedConfig,
  snapshot: string | undefined,
  ctx: CliContext,
  events: EventSink,
  options: { allSchemas?: boolean } = {},
): GoogleReader {
  if (snapshot !== undefined) return new SnapshotFileReader(snapshot, managedSchemas(config.config));
  let live: LiveGoogleReader | null = null;
  return {
    description: 'Google Directory API',
    read: async (membershipsFor) => {
      // The Google client is loaded only for a live read: a plan from a snapshot never needs it.
      const [{ createDirectoryClient }, { createScheduler }, { LiveGoogleReader }] = await Promise.all([
        import('../targets/google/client.js'),
        import('../targets/google/scheduler.js'),
        import('../targets/google/live-google-reader.js'),
      ]);
      const client = await createDirectoryClient(config.config.google, ctx.env, {
        baseDir: config.baseDir,
        onConsentUrl: (url) => events.emit({ level: 'warn', code: 'AUTH_CONSENT', message: `open this address and sign in as a Google admin: ${url}` }),
      });
      for (const w of client.warnings) events.emit({ level: 'warn', code: 'AUTH_WARNING', message: w });
      const scheduler = createScheduler(config.config.google, {
        onEvent: (e) => events.emit({ level: 'debug', code: 'GOOGLE_SCHEDULER', message: `Google API: ${JSON.stringify(e)}` }),
      });
      live = new LiveGoogleReader({
        api: client.directory,
        scheduler,
        config: config.config,
        events,
        where: client.rootUrl ?? config.config.google.domain,
        ...(options.allSchemas ? { allSchemas: true } : {}),
        showProgress: ctx.stderr.isTTY === true,
      });
      return live.read(membershipsFor);
    },
  };
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { NotifyConfig } from '../config/types.js';
import { isRollcallError } from '../errors.js';
import { writeFileAtomic } from '../io/private-file.js';
import type { EventSink } from '../model/events.js';
import type { RunSummary } from './run-summary.js';

/**
 * Sends a run summary where the config says. A notification that cannot be delivered is a
 * warning, never a failed run: the accounts are what matters, and the journal has the record.
 * The webhook URL is never printed (it usually embeds a token): only its host is.
 */
export async function deliverSummary(
  summary: RunSummary,
  notify: NotifyConfig,
  options: { env: NodeJS.ProcessEnv; baseDir: string; events: EventSink; fetch?: typeof fetch },
): Promise<void> {
  const { events } = options;
  if (notify.markdownFile !== null) {
    const file = path.resolve(options.baseDir, notify.markdownFile);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      // It names accounts and their problems: private (0600), like the plan it summarises.
      await writeFileAtomic(file, `${summary.markdown}\n`, { what: 'summary' });
      events.emit({ level: 'info', code: 'NOTIFY_FILE', message: `summary written to ${file}` });
    } catch (err) {
      const why = isRollcallError(err) ? err.message : `could not write the summary to ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
      events.emit({ level: 'warn', code: 'NOTIFY_FAILED', message: why });
    }
  }
  if (notify.webhookUrlEnv === null) return;
  const url = options.env[notify.webhookUrlEnv];
  if (url === undefined || url === '') {
    events.emit({ level: 'warn', code: 'NOTIFY_FAILED', message: `notify.webhookUrlEnv names ${notify.webhookUrlEnv}, which is not set: no notification sent` });
    return;
  }
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    events.emit({ level: 'warn', code: 'NOTIFY_FAILED', message: `${notify.webhookUrlEnv} does not hold a URL: no notification sent` });
    return;
  }
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // `text` is what Slack, Teams and Google Chat incoming webhooks display; the rest is for machines.
      body: JSON.stringify({ text: summary.markdown, title: summary.title, event: summary.event, target: summary.target, data: summary.data }),
      signal: AbortSignal.timeout(notify.timeoutMs),
    });
    if (!response.ok) {
      events.emit({ level: 'warn', code: 'NOTIFY_FAILED', message: `the webhook at ${host} answered ${response.status}: notification not delivered` });
      return;
    }
    events.emit({ level: 'info', code: 'NOTIFY_SENT', message: `summary sent to the webhook at ${host}` });
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${notify.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name);
    events.emit({ level: 'warn', code: 'NOTIFY_FAILED', message: `could not reach the webhook at ${host} (${why}): notification not delivered` });
  }
}

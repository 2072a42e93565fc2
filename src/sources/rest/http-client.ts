/**
 * HTTP to one PowerSchool server as a plugin: an OAuth client-credentials token, fetched when
 * needed and again (once) when the server says 401; retries with backoff for 429, 5xx and
 * network failures. Neither the secret nor the token ever goes into a message: errors are
 * written here from the status and path alone, and driver errors are not attached.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { redactSecrets } from '../../secret-text.js';
import { DEFAULT_RETRY, isRetryableStatus, realSleep, retryDelayMs, type RetryPolicy } from './backoff.js';

export interface PowerSchoolCredentials {
  clientId: string;
  clientSecret: string;
  /** Where they came from, for messages: the environment variables' names. */
  clientIdEnv: string;
  clientSecretEnv: string;
}

export interface HttpClientOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch; for token expiry. */
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per request, so a server that accepts the connection and never answers cannot hang a run. */
  timeoutMs?: number;
}

export interface JsonAnswer {
  status: number;
  /** The parsed body; for a non-2xx answer that is not JSON, `{ message: <start of the text> }`. */
  body: unknown;
}

/** Renew this long before the server's stated expiry, so a token never lapses mid-request. */
const EXPIRY_MARGIN_MS = 60_000;

export class PowerSchoolHttpClient {
  readonly host: string;
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private token: { value: string; renewAt: number } | undefined;

  constructor(
    baseUrl: string,
    private readonly credentials: PowerSchoolCredentials,
    options: HttpClientOptions = {},
  ) {
    const url = new URL(baseUrl);
    this.host = url.host;
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** `text` (a server's words) with the secret, the token and anything credential-shaped taken out, fit to show. */
  redact(text: string): string {
    const { clientId, clientSecret } = this.credentials;
    return redactSecrets(text, [this.token?.value, clientSecret, Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')]);
  }

  /** GET a JSON resource with the plugin's token. Answers any status but 401 (re-tokened once). */
  async getJson(path: string, query: Record<string, string | number> = {}): Promise<JsonAnswer> {
    const url = this.url(path, query);
    for (let retokened = false; ; retokened = true) {
      const token = await this.accessToken();
      const response = await this.send(`GET ${path}`, () =>
        this.fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        }),
      );
      if (response.status !== 401) return { status: response.status, body: await readJson(response, path, this.host) };
      await response.body?.cancel();
      this.token = undefined;
      if (retokened) {
        throw new RollcallError(
          ErrorCodes.POWERSCHOOL,
          `PowerSchool at ${this.host} refused a fresh access token for GET ${path} (HTTP 401 twice): ` +
            'check that the plugin is still installed and enabled (System > System Settings > Plugin Management Dashboard)',
        );
      }
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token !== undefined && this.now() < this.token.renewAt) return this.token.value;
    const { clientId, clientSecret, clientIdEnv, clientSecretEnv } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
    const path = '/oauth/access_token';
    const response = await this.send(`POST ${path}`, () =>
      this.fetch(this.url(path, {}), {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
          Accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(this.timeoutMs),
      }),
    );
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `PowerSchool at ${this.host} refused the plugin's credentials (HTTP ${response.status} from ${path}): check that ` +
          `${clientIdEnv} and ${clientSecretEnv} hold the Client ID and Client Secret shown under the plugin's ` +
          'Data Configuration (System > System Settings > Plugin Management Dashboard), and that the plugin is enabled',
      );
    }
    const body = await readJson(response, path, this.host);
    const accessToken = (body as { access_token?: unknown } | null)?.access_token;
    if (response.status !== 200 || typeof accessToken !== 'string' || accessToken === '') {
      throw new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `PowerSchool at ${this.host} did not issue an access token (HTTP ${response.status} from ${path}); is powerschool.rest.baseUrl the PowerSchool server?`,
        { fault: 'tool' },
      );
    }
    const expiresIn = Number((body as { expires_in?: unknown }).expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : Infinity;
    this.token = { value: accessToken, renewAt: this.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return accessToken;
  }

  /** One request with retries; returns the first answer that is not worth retrying. */
  private async send(what: string, request: () => Promise<Response>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      let retryAfter: string | null = null;
      try {
        const response = await request();
        if (!isRetryableStatus(response.status)) return response;
        failure = `HTTP ${response.status}`;
        retryAfter = response.headers.get('retry-after');
        await response.body?.cancel();
      } catch (err) {
        failure = describeNetworkError(err);
      }
      if (attempt >= this.retry.attempts) {
        throw new RollcallError(
          ErrorCodes.POWERSCHOOL,
          `PowerSchool at ${this.host} did not answer ${what} after ${attempt} attempts (last: ${failure}): ` +
            'check that the server is up and reachable from this machine',
          { fault: 'tool', details: { host: this.host, attempts: attempt } },
        );
      }
      await this.sleep(retryDelayMs(this.retry, attempt, retryAfter));
    }
  }

  private url(path: string, query: Record<string, string | number>): string {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    // Commas kept literal: projection=dcid,id reads better in logs and servers take it either way.
    return `${this.base}${path}${params === '' ? '' : `?${params.replace(/%2C/gi, ',')}`}`;
  }
}

async function readJson(response: Response, path: string, host: string): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    if (!response.ok) return { message: text.slice(0, 200) };
    throw new RollcallError(
      ErrorCodes.POWERSCHOOL,
      `PowerSchool at ${host} answered ${path} with something that is not JSON; is powerschool.rest.baseUrl the PowerSchool server (not a sign-in page or proxy)?`,
    );
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: unknown; cause?: { code?: unknown } };
  if (e?.name === 'TimeoutError') return 'no answer before the timeout';
  const code = e?.cause?.code;
  return typeof code === 'string' ? `network error ${code}` : 'network error';
}

/**
 * Where the Directory API lives: Google, or an emulator named by ROLLCALL_GOOGLE_ROOT_URL (which
 * wins) or `google.rootUrl`. The client keeps only the origin of a root URL (it resolves its
 * absolute `/admin/directory/v1/...` paths against it), so that is all we return.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { GoogleConfig } from '../../config/types.js';

export type Env = Record<string, string | undefined>;

export function resolveRootUrl(config: Pick<GoogleConfig, 'rootUrl'>, env: Env): string | null {
  const fromEnv = env.ROLLCALL_GOOGLE_ROOT_URL?.trim();
  const raw = fromEnv ? fromEnv : config.rootUrl;
  if (raw === null || raw === undefined || raw === '') return null;
  const source = fromEnv ? 'ROLLCALL_GOOGLE_ROOT_URL' : 'google.rootUrl';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${source} is not a URL: ${raw}`, { details: { field: source } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${source} must be an http(s) URL, got ${url.protocol}`, { details: { field: source } });
  }
  return `${url.origin}/`;
}

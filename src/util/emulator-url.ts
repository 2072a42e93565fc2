/**
 * The root URL that points a target at an emulator instead of the real directory: an
 * environment variable (which wins) or a config key. Null when neither is set; a value that is
 * not an http(s) URL is a config error naming where it came from.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

export function emulatorUrl(env: { name: string; value: string | undefined }, config: { key: string; value: string | null | undefined }): URL | null {
  const fromEnv = env.value?.trim();
  const raw = fromEnv ? fromEnv : config.value;
  if (raw === null || raw === undefined || raw === '') return null;
  const source = fromEnv ? env.name : config.key;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${source} is not a URL: ${raw}`, { details: { field: source } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${source} must be an http(s) URL, got ${url.protocol}`, { details: { field: source } });
  }
  return url;
}

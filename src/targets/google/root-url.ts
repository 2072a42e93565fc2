/**
 * Where the Directory API lives: Google, or an emulator named by ROLLCALL_GOOGLE_ROOT_URL (which
 * wins) or `google.rootUrl`. The client keeps only the origin of a root URL (it resolves its
 * absolute `/admin/directory/v1/...` paths against it), so that is all we return.
 */
import type { GoogleConfig } from '../../config/types.js';
import { emulatorUrl } from '../../util/emulator-url.js';

export type Env = Record<string, string | undefined>;

export function resolveRootUrl(config: Pick<GoogleConfig, 'rootUrl'>, env: Env): string | null {
  const url = emulatorUrl({ name: 'ROLLCALL_GOOGLE_ROOT_URL', value: env.ROLLCALL_GOOGLE_ROOT_URL }, { key: 'google.rootUrl', value: config.rootUrl });
  return url === null ? null : `${url.origin}/`;
}

import type { Config, GoogleConfig } from '../../config/types.js';

/** A config with its google section: what the Google target is made from. */
export type GoogleTargetConfig = Config & { google: GoogleConfig };

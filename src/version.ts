import { readFileSync } from 'node:fs';

/** rollcall's version from package.json (dist/version.js and src/version.ts both sit one level below it). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

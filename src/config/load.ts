import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';
import { sha256Hex, canonicalJson } from '../util/canonical-json.js';
import type { LoadedConfig } from './types.js';
import { validateConfig } from './validate.js';

/** Reads a JSON or YAML config file and validates it; throws CONFIG_INVALID naming every bad key. */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${file}: cannot read config (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      details: { file },
    });
  }
  const parsed = await parseConfigText(text, file);
  const result = validateConfig(parsed);
  if (!result.ok) {
    throw new RollcallError(
      ErrorCodes.CONFIG_INVALID,
      `${file}: invalid config\n${result.errors.map((e) => `  - ${e}`).join('\n')}`,
      { details: { file, errors: result.errors } },
    );
  }
  return {
    config: result.config,
    path: absolute,
    baseDir: path.dirname(absolute),
    digest: `sha256:${sha256Hex(canonicalJson(result.config))}`,
    warnings: result.warnings,
  };
}

async function parseConfigText(text: string, file: string): Promise<unknown> {
  const isYaml = /\.ya?ml$/i.test(file);
  // The YAML parser is loaded only for a YAML config: most runs would load it for nothing.
  const parseYaml = isYaml ? (await import('yaml')).parse : null;
  try {
    return parseYaml ? parseYaml(text, { prettyErrors: true }) : JSON.parse(text);
  } catch (err) {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${file}: not valid ${isYaml ? 'YAML' : 'JSON'}: ${(err as Error).message}`, {
      details: { file },
    });
  }
}
